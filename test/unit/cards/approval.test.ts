import { approvalCard, type ApprovalView } from '../../../src/cards/approval';
import { toApprovalViewModel } from '../../../src/cards/approval-model';
import { signCardData } from '../../../src/cards/mac';
import { MICROSOFT_GRAPH_APP_ID } from '../../../src/graph/types';
import { REQUEST_STATES, type RequestState } from '../../../src/requests/model';
import { APP_ID, KEY, SP_ID, TENANT_ID, context, diagnosis, request } from './fixtures';
import { actions, allText, expectValidCard, nodes, verbs } from './helpers';

const REF = signCardData('req-0001', KEY);
const render = (state: RequestState, view: ApprovalView, ctx = context, overrides = {}) =>
  approvalCard(toApprovalViewModel(request(state, overrides), REF, ctx), view);

describe('approval card', () => {
  describe.each(REQUEST_STATES.flatMap((s) => (['approver', 'observer'] as const).map((v) => [s, v] as const)))(
    '%s / %s',
    (state, view) => {
      const card = render(state, view);

      test('passes the bot checks and the official parser', () => {
        expectValidCard(card);
      });

      test('every Execute action carries exactly {requestId, mac}', () => {
        for (const a of actions(card, 'Action.Execute')) expect(a.data).toEqual(REF);
        if (card.refresh) expect(card.refresh).toMatchObject({ action: { verb: 'refreshApproval', data: REF } });
      });

      test('buttons only for approvers on requests still to decide (pending, or a failed approval to approve again)', () => {
        const expected =
          (state === 'pending' || state === 'failed') && view === 'approver'
            ? ['approveAll', 'approveUser', 'deny']
            : [];
        expect(verbs(card)).toEqual(expected);
      });

      test('refresh only while the request is live or can be approved again', () => {
        const live = state === 'pending' || state === 'approving' || state === 'failed';
        expect(card.refresh === undefined).toBe(!live);
      });
    },
  );

  test('approver view: deny sits in a ShowCard with a required reason', () => {
    const card = render('pending', 'approver');
    const show = actions(card, 'Action.ShowCard')[0]!;
    expect(show.title).toBe('Deny');
    const input = nodes(show.card).find((n) => n.id === 'denyReason')!;
    expect(input).toMatchObject({
      type: 'Input.Text',
      isRequired: true,
      errorMessage: expect.any(String),
      label: expect.any(String),
    });
    // The Entra link and the technical details sit in the body; the card's own actions are the decisions.
    expect(actions(card).map((a) => a.title)).toEqual([
      'Technical details',
      'Open the app in Entra',
      'Approve for everyone',
      'Approve for Ana Lima only',
      'Deny',
      'Deny request',
    ]);
    expect(actions(card, 'Action.OpenUrl')[0]!.url).toBe(
      `https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Overview/objectId/${SP_ID}/appId/${APP_ID}`,
    );
  });

  test('observer view: status only, and says who can act', () => {
    const card = render('pending', 'observer');
    // Only the fold for the technical details; nothing that acts.
    expect(actions(card).map((a) => a.type)).toEqual(['Action.ToggleVisibility']);
    expect(allText(card)).toContain('Only approvers can act on this request.');
  });

  test('shows the exact change, scope types, risks and requester context', () => {
    const text = allText(render('pending', 'approver'));
    expect(text).toContain('Grant delegated permissions on Microsoft Graph for all users (tenant-wide, AllPrincipals)');
    expect(text).toContain('Grant delegated permissions on Microsoft Graph for Ana Lima only (Principal)');
    expect(text).toContain('Admin — Edit or delete items in all site collections');
    expect(text).toContain('User — Sign in and read user profile');
    expect(text).toContain('High-privilege permissions: Sites.ReadWrite.All (Microsoft Graph).');
    expect(text).toContain('The publisher is not verified by Microsoft.');
    expect(text).toContain('1 more person asked for the same app: Bo Chen.');
    expect(text).toContain('I need it for the weekly sales report.');
    // Blockers come first.
    expect(text.indexOf('Blocker (')).toBeLessThan(text.indexOf('Warning ('));
  });

  test('verified publisher and application permissions', () => {
    const ctx = {
      ...context,
      servicePrincipal: {
        publisherName: 'Qlik',
        verifiedPublisher: { displayName: 'Qlik Tech', verifiedPublisherId: '123', addedDateTime: null },
      },
    };
    const d = diagnosis({
      requested: {
        delegated: {},
        application: { [MICROSOFT_GRAPH_APP_ID]: ['Directory.Read.All'] },
        source: 'catalog',
        unresolved: ['api://x/.default'],
      },
    });
    const text = allText(render('pending', 'approver', ctx, { diagnosis: d }));
    expect(text).toContain('Verified publisher: Qlik Tech');
    expect(text).not.toContain('not verified');
    expect(text).toContain(
      'application permissions (access without a signed-in user): Microsoft Graph: Directory.Read.All',
    );
    expect(text).toContain(
      'scopes whose API could not be identified, so no change here covers them: api:\u200B//x/.default.',
    );
  });

  test('no user-only plan: no "Approve for ... only" button; no plan at all: only Deny', () => {
    const noUser = render('pending', 'approver', context, { diagnosis: diagnosis({ userOnlyRemedies: [] }) });
    expect(verbs(noUser)).toEqual(['approveAll', 'deny']);
    const none = render('pending', 'approver', context, {
      diagnosis: diagnosis({
        userOnlyRemedies: [],
        remedies: [{ kind: 'manual', title: 'Ask the vendor', steps: ['Email them'] }],
      }),
    });
    expect(verbs(none)).toEqual(['deny']);
    expect(allText(none)).toContain('Manual step: Ask the vendor');
  });

  test('admin-consent link-out is preferred when the diagnosis has one', () => {
    const url = `https://login.microsoftonline.com/${TENANT_ID}/adminconsent?client_id=${APP_ID}`;
    const d = diagnosis({ remedies: [...diagnosis().remedies, { kind: 'admin_consent_url', url }] });
    const card = render('pending', 'approver', context, { diagnosis: d });
    expect(actions(card, 'Action.OpenUrl')[0]).toMatchObject({ title: 'Grant in Entra instead', url });
  });

  test('a hostile admin-consent URL is never linked', () => {
    const d = diagnosis({
      remedies: [...diagnosis().remedies, { kind: 'admin_consent_url', url: 'javascript:alert(1)' }],
    });
    const card = render('pending', 'approver', context, { diagnosis: d });
    expect(actions(card, 'Action.OpenUrl')[0]!.url).toMatch(/^https:\/\/entra\.microsoft\.com\//);
  });

  test('decided states say who, when, what and why', () => {
    expect(allText(render('approving', 'observer'))).toContain(
      'In progress by Dana Admin since {{DATE(2025-03-02T10:00:00Z, SHORT)}}',
    );
    const approved = allText(render('approved', 'observer'));
    expect(approved).toContain('Approved for everyone by Dana Admin');
    expect(approved).toContain(
      'Done: Grant delegated permissions on Microsoft Graph for all users (tenant-wide, AllPrincipals). Graph request-id gr-1.',
    );
    expect(approved).toContain('Verified: a fresh check of the requester finds nothing blocking any more.');
    const failed = allText(render('failed', 'approver'));
    expect(failed).toContain('Graph error: Authorization\\_RequestDenied.');
    expect(failed).toContain('Already done before the failure:');
    expect(failed).toContain('Already in place: Add the app to this tenant');
    expect(failed).toContain('Failed: Grant delegated permissions');
    expect(allText(render('denied', 'observer'))).toContain(
      'Denied by Dana Admin on {{DATE(2025-03-02T10:00:00Z, SHORT)}} {{TIME(2025-03-02T10:00:00Z)}}. Reason: Use the approved connector instead.',
    );
    expect(allText(render('expired', 'observer'))).toContain('Expired on');
    expect(allText(render('withdrawn', 'observer'))).toContain('Withdrawn by the requester');
  });

  test('a failed card keeps what happened and offers Approve again and Deny', () => {
    const card = render('failed', 'approver');
    const text = allText(card);
    expect(text).toContain('Graph error: Authorization\\_RequestDenied.');
    expect(text).toContain(
      'An approver can approve again (the bot checks the tenant first and writes only what is still missing) or deny.',
    );
    expect(actions(card).map((a) => a.title)).toEqual(
      expect.arrayContaining(['Approve for everyone', 'Approve for Ana Lima only', 'Deny']),
    );
    const notWritten = allText(
      render('failed', 'approver', context, { outcome: { steps: [], verified: null, error: 'NOT_WRITTEN' } }),
    );
    expect(notWritten).toContain('Click Approve again to write it with your own account.');
    expect(notWritten).not.toContain('ask the requester to ask again');
  });

  test('failed cards keep the Entra link so an admin can finish by hand', () => {
    expect(actions(render('failed', 'observer'), 'Action.OpenUrl')).toHaveLength(1);
    expect(actions(render('approved', 'approver'), 'Action.OpenUrl')).toHaveLength(0);
  });

  test('refresh lists approver Teams ids, deduplicated and capped at 60', () => {
    const ids = Array.from({ length: 70 }, (_, i) => `29:admin${i}`);
    const card = render('pending', 'observer', { ...context, approverTeamsUserIds: [...ids, ...ids] });
    expect((card.refresh as { userIds: string[] }).userIds).toEqual(ids.slice(0, 60));
    expectValidCard(card);
    expect(render('pending', 'observer', { ...context, approverTeamsUserIds: [] }).refresh).toBeUndefined();
  });
});
