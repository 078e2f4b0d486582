/**
 * Free text names an app; intake decides which one only after its round (the person's failed
 * sign-ins weigh in). When the tenant's apps are already known (the shared cache of tenant-wide
 * reads), the words alone usually point to one app: that app's own reads (its grants and
 * assignments, the person's sign-ins to it, the person's directory roles) can then go in the
 * intake round too, so the diagnosis that follows has them without a round trip of its own.
 * Only a read ahead: intake still decides, and reads made for an app it did not choose are never
 * used. Pure.
 */
import { isGuid } from '../guid';
import type { ReadPart } from '../graph/batch-reader';
import { appReads, servicePrincipalReads, userRoleReads } from '../graph/facts-plan';
import type { ServicePrincipal } from '../graph/types';
import { CATALOG } from './catalog';
import { decideIntake, rankCandidates } from './intake';
import type { ParsedMessage } from './types';

/** One $batch holds 20 parts: reading ahead never costs a second HTTP request in the round. */
const BATCH_PARTS = 20;

export interface ReadAhead {
  /** The app the reads are for: a diagnosis of any other app must not use them. */
  appId: string;
  parts: ReadPart[];
}

/**
 * The reads of the app the words point to, to send with the intake round's `pending` parts (those
 * already `read` are left out); null when the tenant's apps are not known yet, when the words fit
 * several apps or none, or when the reads would not fit in the round's one $batch.
 */
export function readAhead(
  parsed: ParsedMessage,
  tenantApps: readonly ServicePrincipal[] | null,
  userQuery: string,
  pending: readonly ReadPart[],
  read: { has(id: string): boolean },
): ReadAhead | null {
  if (!tenantApps) return null;
  const ranked = rankCandidates(parsed, { servicePrincipals: [...tenantApps], failedSignIns: [], catalog: CATALOG });
  const decision = decideIntake(ranked);
  if (decision.kind !== 'one' || !decision.candidate.appId || !decision.candidate.servicePrincipalId) return null;
  const { appId, servicePrincipalId } = decision.candidate;
  // Intake lists the tenant's Entra consent requests, so the app's own list is not read.
  const parts = [
    ...appReads(appId, userQuery).filter((p) => p.id !== 'consentRequests'),
    ...servicePrincipalReads(servicePrincipalId),
    ...(isGuid(userQuery.trim()) ? userRoleReads(userQuery) : []),
  ].filter((p) => !read.has(p.id) && !pending.some((q) => q.id === p.id));
  return pending.length + parts.length <= BATCH_PARTS && parts.length > 0 ? { appId, parts } : null;
}
