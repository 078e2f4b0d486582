/** The transition path's ports as the running bot provides them: the requests table and the audit trail. */
import { Auditor } from '../approvals/audit';
import type { Services } from '../services';
import type { TransitionPorts } from './transition-path';

export function transitionPortsFor(services: Pick<Services, 'store' | 'now' | 'logger'>): TransitionPorts {
  return { rows: services.store.requests, audit: new Auditor(services.store, services.now, services.logger) };
}
