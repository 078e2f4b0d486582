/**
 * The one compare-and-set path, with plain data: the rows live in a Map behind the path's own
 * port (ETags are counters), and `interfere` lets another writer land between a read and a write,
 * as a second replica would.
 */
import { StoreConflictError } from '../../../src/store/errors';
import type { Versioned } from '../../../src/store/repository';
import type { ApprovalRequest, AuditInput, Requester } from '../../../src/requests/model';
import { keep, write } from '../../../src/requests/row-change';
import { applyEvent } from '../../../src/requests/state-machine';
import {
  MAX_ATTEMPTS,
  RequestContentionError,
  changeRequest,
  decideAndWrite,
  transition,
  type AuditHook,
  type RequestRows,
  type TransitionPorts,
} from '../../../src/requests/transition-path';
import { request } from '../cards/fixtures';

const AT = '2025-03-03T08:00:00.000Z';
const ADMIN = { aadObjectId: 'admin-1', displayName: 'Dana Admin' };
const CARLA: Requester = {
  aadObjectId: 'carla',
  teamsUserId: '29:carla',
  displayName: 'Carla Diaz',
  userPrincipalName: null,
};

/** Rows in memory; `interfere` runs once before each of the next replaces, as someone else's write. */
class MemoryRows implements RequestRows {
  readonly rows = new Map<string, Versioned<ApprovalRequest>>();
  private counter = 0;
  interfere: Array<(rows: MemoryRows) => void> = [];
  replaces = 0;
  reads = 0;

  put(value: ApprovalRequest): Versioned<ApprovalRequest> {
    const row = { value, etag: `W/"${++this.counter}"` };
    this.rows.set(value.id, row);
    return row;
  }

  async get(id: string): Promise<Versioned<ApprovalRequest> | null> {
    this.reads++;
    return this.rows.get(id) ?? null;
  }

  async create(value: ApprovalRequest): Promise<string> {
    if (this.rows.has(value.id)) throw new StoreConflictError('exists', value.id);
    return this.put(value).etag;
  }

  async replace(value: ApprovalRequest, etag: string): Promise<string> {
    this.replaces++;
    this.interfere.shift()?.(this);
    const row = this.rows.get(value.id);
    if (!row || row.etag !== etag) throw new StoreConflictError('etag_mismatch', value.id);
    return this.put(value).etag;
  }
}

class MemoryAudit implements AuditHook {
  readonly entries: AuditInput[] = [];
  failRequired = false;
  async required(input: AuditInput): Promise<void> {
    if (this.failRequired) throw new Error('audit table unavailable');
    this.entries.push(input);
  }
  async record(input: AuditInput): Promise<void> {
    this.entries.push(input);
  }
}

function setUp(value: ApprovalRequest = request('pending', { linkedRequesters: [] })): {
  ports: TransitionPorts;
  rows: MemoryRows;
  audit: MemoryAudit;
  read: Versioned<ApprovalRequest>;
} {
  const rows = new MemoryRows();
  const audit = new MemoryAudit();
  const read = rows.put(value);
  return { ports: { rows, audit }, rows, audit, read };
}

const approve = { type: 'start_approval', by: ADMIN, scope: 'everyone', at: AT } as const;
const linkCarla = (rows: MemoryRows) => {
  const row = rows.rows.get('req-0001')!;
  rows.put(applyEvent(row.value, { type: 'link_requester', requester: CARLA, at: AT }));
};
const denyFirst = (rows: MemoryRows) => {
  const row = rows.rows.get('req-0001')!;
  rows.put(
    applyEvent(row.value, {
      type: 'deny',
      by: { aadObjectId: 'admin-2', displayName: 'Eve Admin' },
      reason: 'no',
      at: AT,
    }),
  );
};
const audited = { actor: ADMIN, action: 'click:approveAll', detail: 'approve for everyone', result: 'ok' as const };

describe('transition (a state-machine event through the path)', () => {
  it('writes the event over the ETag it read and audits the change once', async () => {
    const { ports, rows, audit, read } = setUp();
    const result = await transition(ports, read, approve, { audit: audited });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.request.state).toBe('approving');
    expect(rows.rows.get('req-0001')).toEqual({ value: result.request, etag: result.etag });
    expect(audit.entries).toEqual([{ requestId: 'req-0001', ...audited }]);
  });

  it('builds on an unrelated change made since the read: decided again, the person linked meanwhile stays', async () => {
    const { ports, rows, read } = setUp();
    rows.interfere.push(linkCarla);
    const result = await transition(ports, read, approve);
    expect(result.ok).toBe(true);
    const stored = rows.rows.get('req-0001')!.value;
    expect(stored.state).toBe('approving');
    expect(stored.linkedRequesters.map((p) => p.aadObjectId)).toEqual(['carla']);
    expect(rows.replaces).toBe(2);
  });

  it('loses to a competing decision: nothing written, not audited, the current row returned', async () => {
    const { ports, rows, audit, read } = setUp();
    rows.interfere.push(denyFirst);
    const result = await transition(ports, read, approve, { audit: audited });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.current?.value.state).toBe('denied');
    expect(rows.rows.get('req-0001')!.value.state).toBe('denied');
    expect(rows.replaces).toBe(1);
    expect(audit.entries).toEqual([]);
  });

  it('does not write an event the state machine refuses, and reads nothing more', async () => {
    const { ports, rows, read } = setUp(request('approved'));
    const result = await transition(ports, read, approve);
    expect(result).toEqual({ ok: false, current: read });
    expect(rows.replaces + rows.reads).toBe(0);
  });

  it('applies `amend` to the row as re-read, not to the stale copy', async () => {
    const { ports, rows } = setUp(request('approving', { linkedRequesters: [] }));
    const read = rows.rows.get('req-0001')!;
    rows.interfere.push(linkCarla);
    const outcome = { steps: [], verified: true, error: null };
    const result = await transition(
      ports,
      read,
      { type: 'complete', outcome, at: AT },
      { amend: (r) => ({ ...r, appDisplayName: 'Renamed' }) },
    );
    expect(result.ok).toBe(true);
    const stored = rows.rows.get('req-0001')!.value;
    expect(stored).toMatchObject({ state: 'approved', appDisplayName: 'Renamed' });
    expect(stored.linkedRequesters).toHaveLength(1);
  });

  it('gives up after MAX_ATTEMPTS lost writes and reports the row as it is then', async () => {
    const { ports, rows, read } = setUp();
    rows.interfere = Array.from({ length: MAX_ATTEMPTS }, () => (r: MemoryRows) => {
      r.put({ ...r.rows.get('req-0001')!.value });
    });
    const result = await transition(ports, read, approve);
    expect(result.ok).toBe(false);
    expect(rows.replaces).toBe(MAX_ATTEMPTS);
    if (!result.ok) expect(result.current?.value.state).toBe('pending');
  });

  it('a required audit entry that cannot be stored fails the caller after the write (no Graph write follows)', async () => {
    const { ports, rows, audit, read } = setUp();
    audit.failRequired = true;
    await expect(transition(ports, read, approve, { audit: { ...audited, required: true } })).rejects.toThrow(
      'audit table unavailable',
    );
    audit.required = async () => {
      throw new StoreConflictError('exists', 'audit row');
    };
    const again = setUp();
    again.audit.required = audit.required;
    await expect(
      transition(again.ports, again.read, approve, { audit: { ...audited, required: true } }),
    ).rejects.toBeInstanceOf(StoreConflictError);
    expect(rows.rows.get('req-0001')!.value.state).toBe('approving');
  });
});

describe('decideAndWrite', () => {
  it('keeps the row when the decision says so, writing and auditing nothing', async () => {
    const { ports, rows, audit } = setUp();
    const change = await changeRequest(ports, 'req-0001', () => keep('nothing to do'));
    expect(change).toEqual({ kind: 'kept', as: 'nothing to do' });
    expect(rows.replaces).toBe(0);
    expect(audit.entries).toEqual([]);
  });

  it('inserts a new row when the decision has no ETag, and decides again when the id is taken', async () => {
    const { ports, rows } = setUp();
    const ids = ['req-0001', 'req-0002'];
    const decide = () => write(request('pending', { id: ids.shift()! }), null, 'created');
    const change = await decideAndWrite(ports, async () => null, decide);
    expect(change).toMatchObject({ kind: 'written', as: 'created', request: { id: 'req-0002' } });
    expect(rows.rows.has('req-0002')).toBe(true);
  });

  it('reads again before each new decision, with the reader it was given', async () => {
    const { ports, rows, read } = setUp();
    rows.interfere.push(linkCarla);
    const seen: number[] = [];
    const decide = (row: Versioned<ApprovalRequest> | null) => {
      seen.push(row!.value.linkedRequesters.length);
      return write({ ...row!.value, justification: 'note' }, row!.etag, 'saved');
    };
    await changeRequest(ports, 'req-0001', decide, read);
    expect(seen).toEqual([0, 1]);
  });

  it('reports contention (a StoreConflictError) once MAX_ATTEMPTS decisions all lost', async () => {
    const { ports, rows } = setUp();
    rows.interfere = Array.from({ length: MAX_ATTEMPTS + 1 }, () => (r: MemoryRows) => {
      r.put({ ...r.rows.get('req-0001')!.value });
    });
    let decisions = 0;
    const decide = (row: Versioned<ApprovalRequest> | null) => {
      decisions++;
      return write(row!.value, row!.etag, 'saved');
    };
    const failure = changeRequest(ports, 'req-0001', decide);
    await expect(failure).rejects.toBeInstanceOf(RequestContentionError);
    await expect(failure).rejects.toBeInstanceOf(StoreConflictError);
    expect(decisions).toBe(MAX_ATTEMPTS);
  });

  it('lets other storage errors through at once', async () => {
    const { ports } = setUp();
    const failing: TransitionPorts = {
      ...ports,
      rows: {
        get: (id) => ports.rows.get(id),
        create: (r) => ports.rows.create(r),
        replace: async () => {
          throw new Error('storage down');
        },
      },
    };
    await expect(changeRequest(failing, 'req-0001', (row) => write(row!.value, row!.etag, 'saved'))).rejects.toThrow(
      'storage down',
    );
  });
});
