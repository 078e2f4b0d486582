import { buildDiagnosis } from '../../../src/diagnosis/build-diagnosis';
import { formatDiagnosisText } from '../../../src/diagnosis/terminal-report';
import type { AppCandidate } from '../../../src/diagnosis/types';
import { FactsBuilder, QLIK_SHAREPOINT_APP_ID, USER } from './facts-builder';

const candidate: AppCandidate = {
  appId: QLIK_SHAREPOINT_APP_ID,
  displayName: 'Qlik Web Connectors (Office 365 SharePoint)',
  servicePrincipalId: 'sp-qlik-sharepoint',
  score: 50,
  reasons: ['service_principal_name'],
  why: 'Its name matches "sharepoint", "connector"',
};
const ESC = String.fromCharCode(27);
const ANSI_CODE = new RegExp(`${ESC}\\[\\d+m`, 'g');
const other: AppCandidate = {
  ...candidate,
  appId: 'aaaaaaaa-0000-4000-8000-000000000002',
  displayName: 'Qlik Web Connectors (OneDrive)',
  score: 35,
};

describe('buildDiagnosis', () => {
  it('composes app, user, findings, both plans, requested scopes and graph counts', () => {
    const facts = new FactsBuilder().requestingGraph('User.Read').withPolicies().build();
    const d = buildDiagnosis(facts, [candidate, other], { requests: 12, roundTrips: 2 });
    expect(d.app).toEqual({
      appId: QLIK_SHAREPOINT_APP_ID,
      displayName: 'Qlik Web Connectors (Office 365 SharePoint)',
      servicePrincipalId: 'sp-qlik-sharepoint',
    });
    expect(d.user).toEqual({ id: USER.id, userPrincipalName: USER.userPrincipalName, displayName: USER.displayName });
    expect(d.findings.map((f) => f.code)).toEqual(['USER_CONSENT_DISABLED']);
    expect(d.remedies).toHaveLength(1);
    expect(d.userOnlyRemedies).toHaveLength(1);
    expect(d.requested).toBe(facts.requested);
    expect(d.graph).toEqual({ requests: 12, roundTrips: 2 });
    expect(d.candidates).toEqual([candidate, other]);
  });

  it('names an app that is not in the tenant from its candidate', () => {
    const facts = new FactsBuilder().requestingGraph('User.Read').with({ servicePrincipal: null }).build();
    const d = buildDiagnosis(facts, [candidate], { requests: 1, roundTrips: 1 });
    expect(d.app).toEqual({
      appId: QLIK_SHAREPOINT_APP_ID,
      displayName: candidate.displayName,
      servicePrincipalId: null,
    });
    expect(buildDiagnosis({ ...facts, appId: null }, [], { requests: 0, roundTrips: 0 }).app).toBeNull();
  });
});

describe('formatDiagnosisText', () => {
  const d = buildDiagnosis(new FactsBuilder().requestingGraph('User.Read').withPolicies().build(), [candidate, other], {
    requests: 3,
    roundTrips: 1,
  });

  it('prints findings, plans and counts without colour codes when colour is off', () => {
    const text = formatDiagnosisText(d, { color: false });
    expect(text).toContain('Qlik Web Connectors (Office 365 SharePoint)');
    expect(text).toContain('BLOCKER USER_CONSENT_DISABLED [fixable]');
    expect(text).toContain('Fix for everyone');
    expect(text).toContain('Grant Microsoft Graph scopes User.Read (seen in the pasted sign-in link) to app');
    expect(text).toContain(`for Alice Analyst (${USER.id}) only`);
    expect(text).toContain('Graph: 3 requests in 1 round trips');
    expect(text).toContain('Candidates');
    expect(text).not.toContain(ESC);
  });

  it('colours severities with ANSI when asked', () => {
    const text = formatDiagnosisText(d, { color: true });
    expect(text).toContain('\u001b[31m\u001b[1mBLOCKER');
    expect(text.replace(ANSI_CODE, '')).toBe(formatDiagnosisText(d, { color: false }));
  });
});
