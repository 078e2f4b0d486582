/**
 * The admin card an IT admin can decide from at a glance: the app and its publisher first, who asks
 * and why, the cause in plain words, one table of what each option changes with risk markers, the
 * technical detail folded away; colour carried by container styles; decided cards show the outcome.
 */
import { approvalCard, shortName } from '../../../src/cards/approval';
import { toApprovalViewModel } from '../../../src/cards/approval-model';
import { optionRows } from '../../../src/cards/approval-options';
import { signCardData } from '../../../src/cards/mac';
import type { RequestState } from '../../../src/requests/model';
import { KEY, context, request } from './fixtures';
import { allText, nodes } from './helpers';

const REF = signCardData('req-0001', KEY);
const render = (state: RequestState, overrides = {}) =>
  approvalCard(toApprovalViewModel(request(state, overrides), REF, context), 'approver');

describe('admin card layout', () => {
  test('reads top-down: app, publisher verdict, requester and reason, plain cause, options, risks', () => {
    const text = allText(render('pending'));
    const order = [
      'Qlik Web Connectors (Office 365 SharePoint)',
      'Publisher not verified by Microsoft',
      'Ana Lima',
      'Their reason',
      'Why it is blocked',
      'The app asks for permissions only an admin can approve.',
      'What each option changes',
      'Before you approve',
    ];
    const at = order.map((s) => text.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  test('one table: each scope once, with its risk and what each option does', () => {
    const table = nodes(render('pending')).find((n) => n.type === 'Table');
    expect(table).toBeDefined();
    const rows = (table!.rows as unknown[]).length;
    // Header + Sites.ReadWrite.All, User.Read: the two plans share rows. Custom.Unknown is not
    // published by the API, so it is never written and listed apart.
    expect(rows).toBe(3);
    const text = allText(render('pending'));
    expect(text).toContain('Never written: Custom.Unknown (the API does not publish it).');
    expect(text).toContain('⚠ High');
    expect(text).toContain('Unknown');
    expect(text).toContain('Everyone');
    expect(text).toContain('Ana Lima only');
    // Each scope row says where it was seen asked for.
    expect(text).toMatch(/asked in: (no recorded source|Entra consent request)/);
  });

  test('technical detail (policy wording, object ids, exact writes) is folded away', () => {
    const card = render('pending');
    const folded = nodes(card).find((n) => n.id === 'technicalDetails');
    expect(folded?.isVisible).toBe(false);
    const foldedText = allText({ type: 'AdaptiveCard', version: '1.5', body: [folded] } as never);
    expect(foldedText).toContain('authorizationPolicy');
    expect(foldedText).toContain('AllPrincipals');
    const toggle = nodes(card).find((n) => n.type === 'Action.ToggleVisibility');
    expect(toggle?.targetElements).toEqual(['technicalDetails']);
    // Outside the fold: no policy path, no object id.
    const outside = allText({
      ...card,
      body: (card.body as Array<{ id?: string }>).filter((b) => b.id !== 'technicalDetails'),
    } as never);
    expect(outside).not.toContain('authorizationPolicy');
    expect(outside).not.toContain('33333333-3333-4333-8333-333333333333');
  });

  test('no coloured text: states and warnings are container styles', () => {
    for (const state of ['pending', 'approved', 'denied', 'failed'] as const) {
      expect(
        nodes(render(state)).filter((n) => n.type === 'TextBlock' && n.color !== undefined && n.color !== 'Default'),
      ).toEqual([]);
    }
    const styles = nodes(render('approved'))
      .map((n) => n.style)
      .filter(Boolean);
    expect(styles).toContain('good');
  });

  test('a decided card shows the outcome and what changed, not the old blockers or options', () => {
    const text = allText(render('approved'));
    expect(text).toContain('What changed');
    expect(text).toContain('Approved for everyone by Dana Admin');
    expect(text).not.toContain('Why it is blocked');
    expect(text).not.toContain('What each option changes');
    expect(text).not.toContain('Before you approve');
  });

  test('button titles stay short: long names become the first name', () => {
    expect(shortName('Ana Lima')).toBe('Ana Lima');
    expect(shortName('Carol Finance-Department')).toBe('Carol');
    expect(optionRows([], [])).toEqual([]);
    const card = render('pending', {
      requester: {
        aadObjectId: 'u',
        teamsUserId: '29:x',
        displayName: 'Bartholomew Featherstonehaugh',
        userPrincipalName: null,
      },
    });
    const titles = nodes(card)
      .filter((n) => n.type === 'Action.Execute')
      .map((n) => String(n.title));
    expect(titles).toContain('Approve for Bartholomew only');
    for (const t of titles) expect(t.length).toBeLessThanOrEqual(30);
  });
});
