/** The pure decisions behind each request change: what they write, over which ETag, and what they keep. */
import { decideClaim } from '../../../src/approvals/reconcile-claim';
import type { ApprovalRequest, EntraRequestRef, Requester } from '../../../src/requests/model';
import { decideExpiry, decideWithdraw } from '../../../src/requests/request-changes';
import {
  decideAdminCard,
  decideEntraSubmit,
  decideNote,
  decideSubmit,
  type SubmitFacts,
} from '../../../src/requests/submit-plan';
import { TENANT_ID, USER_ID, diagnosis, request } from '../cards/fixtures';

const NOW = new Date('2025-06-12T10:00:00Z');
const ANA: Requester = {
  aadObjectId: USER_ID,
  teamsUserId: '29:ana',
  displayName: 'Ana Lima',
  userPrincipalName: 'ana@contoso.com',
};
const OMAR: Requester = {
  aadObjectId: '55555555-5555-4555-8555-555555555555',
  teamsUserId: '29:omar',
  displayName: 'Omar Other',
  userPrincipalName: null,
};
const row = (value: ApprovalRequest, etag = 'e1') => ({ value, etag });
const mine = (overrides: Partial<ApprovalRequest> = {}) => request('pending', { linkedRequesters: [], ...overrides });
const facts = (overrides: Partial<SubmitFacts> = {}): SubmitFacts => ({
  diagnosis: diagnosis(),
  requester: ANA,
  justification: null,
  tenantId: TENANT_ID,
  now: NOW,
  newId: 'new-id',
  ...overrides,
});

describe('decideWithdraw', () => {
  const decide = decideWithdraw(USER_ID, NOW);

  it("withdraws the requester's own pending request over the ETag read, with its audit entry", () => {
    const decision = decide(row(mine()));
    expect(decision).toMatchObject({
      kind: 'write',
      etag: 'e1',
      as: 'withdrawn',
      request: { state: 'withdrawn', updatedAt: NOW.toISOString() },
    });
    if (decision.kind === 'write')
      expect(decision.audit).toMatchObject({
        action: 'withdraw',
        actor: { aadObjectId: USER_ID, displayName: 'Ana Lima' },
        result: 'ok',
      });
  });

  it('keeps the row for anyone else, a decided request, or one other people wait on', () => {
    expect(decide(null)).toEqual({ kind: 'keep', as: { kind: 'not_found' } });
    expect(decideWithdraw(OMAR.aadObjectId, NOW)(row(mine()))).toMatchObject({
      kind: 'keep',
      as: { kind: 'not_yours' },
    });
    expect(decide(row(mine({ state: 'approving' })))).toMatchObject({ kind: 'keep', as: { kind: 'not_pending' } });
    expect(decide(row(mine({ linkedRequesters: [OMAR] })))).toMatchObject({ kind: 'keep', as: { kind: 'shared' } });
  });
});

describe('decideExpiry', () => {
  it('expires a request still pending past the expiry days, audited as the bot', () => {
    const decision = decideExpiry(NOW, 14)(row(mine({ createdAt: '2025-05-01T00:00:00Z' })));
    expect(decision).toMatchObject({
      kind: 'write',
      as: 'expired',
      request: { state: 'expired' },
      audit: { action: 'expire', actor: { aadObjectId: null } },
    });
  });

  it('keeps a request decided meanwhile or not yet overdue', () => {
    expect(decideExpiry(NOW, 14)(row(mine({ state: 'denied', createdAt: '2025-05-01T00:00:00Z' })))).toEqual({
      kind: 'keep',
      as: 'kept',
    });
    expect(decideExpiry(NOW, 14)(row(mine({ createdAt: '2025-06-10T00:00:00Z' })))).toEqual({
      kind: 'keep',
      as: 'kept',
    });
    expect(decideExpiry(NOW, 14)(null)).toEqual({ kind: 'keep', as: 'kept' });
  });
});

describe('decideSubmit', () => {
  it('creates a new row (no ETag) and publishes it when the app is in the tenant', () => {
    expect(decideSubmit(facts())([])).toMatchObject({
      kind: 'write',
      etag: null,
      as: { kind: 'created', publish: true },
      request: { id: 'new-id' },
    });
  });

  it('holds back an app the tenant does not have until the person confirms it', () => {
    const notInTenant = diagnosis({
      app: { appId: diagnosis().app!.appId, displayName: 'Typed', servicePrincipalId: null },
    });
    const decision = decideSubmit(facts({ diagnosis: notInTenant }))([]);
    expect(decision).toMatchObject({
      kind: 'write',
      as: { kind: 'created', publish: false },
      request: { awaitingConfirmation: true },
    });
  });

  it("links the asker to another person's open request over that row's ETag", () => {
    const theirs = mine({ requester: OMAR });
    const decision = decideSubmit(facts())([row(theirs, 'e7')]);
    expect(decision).toMatchObject({ kind: 'write', etag: 'e7', as: { kind: 'linked', publish: true } });
    if (decision.kind === 'write') expect(decision.request.linkedRequesters).toEqual([ANA]);
  });

  it("keeps the asker's own request, and says whether its card still has to be posted", () => {
    expect(
      decideSubmit(facts())([row(mine({ adminCard: { conversationId: 'c', activityId: 'a', serviceUrl: 's' } }))]),
    ).toMatchObject({ kind: 'keep', as: { adminCard: 'unchanged', etag: 'e1' } });
    expect(decideSubmit(facts())([row(mine())])).toMatchObject({ kind: 'keep', as: { adminCard: 'publish' } });
    expect(decideSubmit(facts())([row(mine({ awaitingConfirmation: true }))])).toMatchObject({
      kind: 'keep',
      as: { adminCard: 'awaiting_confirmation' },
    });
  });

  it("writes a new note on the asker's own pending request, which also confirms it", () => {
    const decision = decideSubmit(facts({ justification: 'for the audit' }))([
      row(mine({ awaitingConfirmation: true })),
    ]);
    expect(decision).toMatchObject({
      kind: 'write',
      etag: 'e1',
      as: { kind: 'reused', publish: true },
      request: { justification: 'for the audit' },
    });
    if (decision.kind === 'write') expect(decision.request.awaitingConfirmation).toBeUndefined();
  });
});

describe('decideNote', () => {
  it("saves the requester's note on their pending request", () => {
    expect(decideNote(USER_ID.toUpperCase(), 'why', NOW)(row(mine()))).toMatchObject({
      kind: 'write',
      as: 'saved',
      request: { justification: 'why' },
    });
  });

  it('keeps the row for a missing request, another person, a closed request or an empty note', () => {
    expect(decideNote(USER_ID, 'why', NOW)(null)).toEqual({ kind: 'keep', as: { kind: 'not_found' } });
    expect(decideNote(OMAR.aadObjectId, 'why', NOW)(row(mine()))).toMatchObject({ as: { kind: 'not_yours' } });
    expect(decideNote(USER_ID, 'why', NOW)(row(mine({ state: 'denied' })))).toMatchObject({ as: { kind: 'closed' } });
    expect(decideNote(USER_ID, null, NOW)(row(mine()))).toMatchObject({ as: { kind: 'empty' } });
  });
});

describe('decideAdminCard', () => {
  const card = { conversationId: 'c', activityId: 'a1', serviceUrl: 's' };

  it('stores the card on the version it was posted for, or merged onto a newer one (to be redrawn)', () => {
    expect(decideAdminCard(card, 'e1')(row(mine()))).toMatchObject({
      kind: 'write',
      as: 'as_posted',
      request: { adminCard: card },
    });
    expect(decideAdminCard(card, 'e1')(row(mine({ linkedRequesters: [OMAR] }), 'e2'))).toMatchObject({
      kind: 'write',
      etag: 'e2',
      as: 'merged',
    });
  });

  it('keeps a card someone else stored first', () => {
    const other = { ...card, activityId: 'a0' };
    expect(decideAdminCard(card, 'e1')(row(mine({ adminCard: other }), 'e2'))).toMatchObject({
      kind: 'keep',
      as: { kind: 'has_card' },
    });
  });
});

describe('decideEntraSubmit', () => {
  const ref: EntraRequestRef = {
    userConsentRequestId: 'ucr-1',
    appConsentRequestId: 'acr-1',
    requesterId: USER_ID,
    requesterName: 'Ana Lima',
    reason: null,
    scopes: ['Sites.Read.All'],
    createdDateTime: '2025-06-12T09:00:00Z',
  };

  it('creates a request standing for the Entra request, with no confirmation step', () => {
    const decision = decideEntraSubmit(facts(), ref)([]);
    expect(decision).toMatchObject({ kind: 'write', etag: null, as: 'created', request: { entraRequests: [ref] } });
    if (decision.kind === 'write') expect(decision.request.awaitingConfirmation).toBeUndefined();
  });

  it("keeps a request already standing for it, and joins the person's own open one otherwise", () => {
    const standing = mine({ entraRequests: [{ ...ref, userConsentRequestId: 'UCR-1' }] });
    expect(decideEntraSubmit(facts(), ref)([row(standing)])).toEqual({ kind: 'keep', as: standing });
    expect(decideEntraSubmit(facts(), ref)([row(mine(), 'e3')])).toMatchObject({
      kind: 'write',
      etag: 'e3',
      as: 'reused',
      request: { entraRequests: [ref] },
    });
  });
});

describe('decideClaim (the reconciler)', () => {
  it('claims exactly the version listed as stale, and nothing that changed since', () => {
    const listed = row(request('approving'), 'e1');
    expect(decideClaim(listed, NOW)(listed)).toMatchObject({
      kind: 'write',
      etag: 'e1',
      as: 'claimed',
      request: { updatedAt: NOW.toISOString() },
      audit: { action: 'reconcile' },
    });
    expect(decideClaim(listed, NOW)(row(request('approving'), 'e2'))).toEqual({ kind: 'keep', as: 'skipped' });
    expect(decideClaim(listed, NOW)(null)).toEqual({ kind: 'keep', as: 'skipped' });
  });
});
