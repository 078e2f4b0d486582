/**
 * Conformance: every entity the simulator returns on v1.0, crawled over every read route on the demo
 * and test fixtures, checked against Microsoft's v1.0 types (@microsoft/microsoft-graph-types, read
 * mechanically in graph-schema.ts): no property outside the type, no navigation property inline
 * (except where Microsoft's own response examples show one inline), collections [] not null, and
 * `@odata.context` as Graph writes it (the examples on learn.microsoft.com/graph/api/...). Zero deviations.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_PRINCIPALS_SPEC } from '../../../sim/graph/service-principals';
import { GRANTS_SPEC } from '../../../sim/graph/grants';
import { ASSIGNMENTS_SPEC } from '../../../sim/graph/app-role-assignments';
import { GROUPS_SPEC } from '../../../sim/graph/groups';
import { USERS_SPEC } from '../../../sim/graph/users';
import { SIGN_INS_SPEC } from '../../../sim/graph/sign-ins';
import { REQUESTS_SPEC, USER_REQUESTS_SPEC } from '../../../sim/graph/consent-requests';
import type { TenantFixture } from '../../../sim/fixture';
import { loadFixture } from '../../../sim/load-fixture';
import { withSimulator } from '../../helpers/sim';
import { checkValue, loadGraphSchema, type Deviation } from './graph-schema';
import { client } from './tenant-builder';

const TENANTS = path.join(__dirname, '..', '..', 'fixtures', 'tenants');
const FIXTURE_FILES = [
  path.join(TENANTS, 'demo-contoso.json'),
  path.join(TENANTS, 'sim-basic.json'),
  ...readdirSync(path.join(TENANTS, 'findings'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(TENANTS, 'findings', f)),
];

const CRAWLER_ROLES = [
  'Directory.Read.All',
  'Application.Read.All',
  'Policy.Read.All',
  'ConsentRequest.Read.All',
  'AuditLog.Read.All',
  'RoleManagement.Read.Directory',
  'DelegatedPermissionGrant.Read.All',
  'AppRoleAssignment.ReadWrite.All',
];

/** One simulator per fixture file: several fixtures share tenant ids. */
const fixtures: TenantFixture[] = FIXTURE_FILES.map((file) => {
  const f = loadFixture(file);
  return { ...f, clients: [...f.clients, { ...client(CRAWLER_ROLES), appId: '0c0a0f0e-0000-4000-8000-00000000c4a1' }] };
});
const sims = fixtures.map((f) => ({ fixture: f, h: withSimulator({ fixtures: [f], pageSize: 999 }) }));
const v1 = loadGraphSchema('@microsoft/microsoft-graph-types');

/** Inline in Microsoft's own examples: permissionGrantPolicy (policy-get/list), userConsentRequest (approval). */
const INLINE = new Set([
  'PermissionGrantPolicy.includes',
  'PermissionGrantPolicy.excludes',
  'UserConsentRequest.approval',
  'Approval.stages',
]);

interface Crawl {
  path: string;
  type: string;
  /** What follows `$metadata#` in Graph's own response. */
  context: string;
  collection: boolean;
}

const q = (s: string) => `('${s}')`;

function crawlList(f: TenantFixture): Crawl[] {
  const c: Crawl[] = [];
  const add = (p: string, type: string, context: string, collection: boolean) =>
    c.push({ path: p, type, context, collection });
  add('users', 'User', 'users', true);
  for (const u of f.users) {
    add(`users/${u.id}`, 'User', 'users/$entity', false);
    add(`users/${u.id}/memberOf`, 'DirectoryObject', 'directoryObjects', true);
    add(`users/${u.id}/transitiveMemberOf`, 'DirectoryObject', 'directoryObjects', true);
    add(`users/${u.id}/appRoleAssignments`, 'AppRoleAssignment', `users${q(u.id)}/appRoleAssignments`, true);
    add(`users/${u.id}/oauth2PermissionGrants`, 'OAuth2PermissionGrant', 'oauth2PermissionGrants', true);
    add(
      `roleManagement/directory/roleAssignments?$filter=principalId eq '${u.id}'`,
      'UnifiedRoleAssignment',
      'roleManagement/directory/roleAssignments',
      true,
    );
    add(`directoryObjects/${u.id}`, 'DirectoryObject', 'directoryObjects/$entity', false);
  }
  add('groups', 'Group', 'groups', true);
  for (const g of f.groups) {
    add(`groups/${g.id}`, 'Group', 'groups/$entity', false);
    add(`groups/${g.id}/members`, 'DirectoryObject', 'directoryObjects', true);
    add(`groups/${g.id}/transitiveMembers`, 'DirectoryObject', 'directoryObjects', true);
    add(`groups/${g.id}/memberOf`, 'DirectoryObject', 'directoryObjects', true);
    add(`groups/${g.id}/appRoleAssignments`, 'AppRoleAssignment', `groups${q(g.id)}/appRoleAssignments`, true);
  }
  add('servicePrincipals', 'ServicePrincipal', 'servicePrincipals', true);
  for (const sp of f.servicePrincipals) {
    add(`servicePrincipals/${sp.id}`, 'ServicePrincipal', 'servicePrincipals/$entity', false);
    add(`servicePrincipals(appId='${sp.appId}')`, 'ServicePrincipal', 'servicePrincipals/$entity', false);
    add(`servicePrincipals/${sp.id}/oauth2PermissionGrants`, 'OAuth2PermissionGrant', 'oauth2PermissionGrants', true);
    add(
      `servicePrincipals/${sp.id}/appRoleAssignments`,
      'AppRoleAssignment',
      `servicePrincipals${q(sp.id)}/appRoleAssignments`,
      true,
    );
    add(
      `servicePrincipals/${sp.id}/appRoleAssignedTo`,
      'AppRoleAssignment',
      `servicePrincipals${q(sp.id)}/appRoleAssignedTo`,
      true,
    );
    add(
      `servicePrincipals/${sp.id}/delegatedPermissionClassifications`,
      'DelegatedPermissionClassification',
      `servicePrincipals${q(sp.id)}/delegatedPermissionClassifications`,
      true,
    );
  }
  add('oauth2PermissionGrants', 'OAuth2PermissionGrant', 'oauth2PermissionGrants', true);
  for (const g of f.oauth2PermissionGrants)
    add(`oauth2PermissionGrants/${g.id}`, 'OAuth2PermissionGrant', 'oauth2PermissionGrants/$entity', false);
  add('policies/authorizationPolicy', 'AuthorizationPolicy', 'policies/authorizationPolicy/$entity', false);
  add('policies/permissionGrantPolicies', 'PermissionGrantPolicy', 'policies/permissionGrantPolicies', true);
  for (const p of f.permissionGrantPolicies) {
    add(
      `policies/permissionGrantPolicies/${p.id}`,
      'PermissionGrantPolicy',
      'policies/permissionGrantPolicies/$entity',
      false,
    );
    add(
      `policies/permissionGrantPolicies/${p.id}/includes`,
      'PermissionGrantConditionSet',
      `policies/permissionGrantPolicies${q(p.id)}/includes`,
      true,
    );
    add(
      `policies/permissionGrantPolicies/${p.id}/excludes`,
      'PermissionGrantConditionSet',
      `policies/permissionGrantPolicies${q(p.id)}/excludes`,
      true,
    );
  }
  add(
    'policies/adminConsentRequestPolicy',
    'AdminConsentRequestPolicy',
    'policies/adminConsentRequestPolicy/$entity',
    false,
  );
  const acr = 'identityGovernance/appConsent/appConsentRequests';
  add(acr, 'AppConsentRequest', acr, true);
  for (const r of f.appConsentRequests) {
    add(`${acr}/${r.id}`, 'AppConsentRequest', `${acr}/$entity`, false);
    add(`${acr}/${r.id}/userConsentRequests`, 'UserConsentRequest', `${acr}${q(r.id)}/userConsentRequests`, true);
    for (const u of r.userConsentRequests) {
      add(
        `${acr}/${r.id}/userConsentRequests/${u.id}`,
        'UserConsentRequest',
        `${acr}${q(r.id)}/userConsentRequests/$entity`,
        false,
      );
    }
  }
  if (f.tenant.premium) {
    add('auditLogs/signIns', 'SignIn', 'auditLogs/signIns', true);
    for (const s of f.signIns) add(`auditLogs/signIns/${s.id}`, 'SignIn', 'auditLogs/signIns/$entity', false);
  }
  add(
    'roleManagement/directory/roleDefinitions',
    'UnifiedRoleDefinition',
    'roleManagement/directory/roleDefinitions',
    true,
  );
  for (const a of f.roleAssignments) {
    add(
      `roleManagement/directory/roleAssignments/${a.id}`,
      'UnifiedRoleAssignment',
      'roleManagement/directory/roleAssignments/$entity',
      false,
    );
  }
  add('organization', 'Organization', 'organization', true);
  add(`organization/${f.tenant.id}`, 'Organization', 'organization/$entity', false);
  return c;
}

async function crawl(
  sim: { url: string; issueAppToken(o: { tenantId: string; clientId: string }): string },
  f: TenantFixture,
): Promise<Deviation[]> {
  const token = sim.issueAppToken({ tenantId: f.tenant.id, clientId: '0c0a0f0e-0000-4000-8000-00000000c4a1' });
  const out: Deviation[] = [];
  for (const route of crawlList(f)) {
    const res = await fetch(`${sim.url}/v1.0/${route.path}`, { headers: { authorization: `Bearer ${token}` } });
    const where = `${path.basename(FIXTURE_FILES[fixtures.indexOf(f)])} GET ${route.path}`;
    const body = (await res.json()) as Record<string, unknown>;
    if (res.status !== 200) {
      out.push({ where, problem: `HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}` });
      continue;
    }
    const context = `${sim.url}/v1.0/$metadata#${route.context}`;
    if (body['@odata.context'] !== context)
      out.push({ where, problem: `@odata.context ${String(body['@odata.context'])}, Graph writes ${context}` });
    if (route.collection) {
      if (!Array.isArray(body.value)) out.push({ where, problem: 'collection without a value array' });
      for (const k of Object.keys(body))
        if (!['@odata.context', '@odata.nextLink', '@odata.count', 'value'].includes(k))
          out.push({ where, problem: `unexpected ${k}` });
      ((body.value as unknown[]) ?? []).forEach((item, i) =>
        out.push(...checkValue(v1, item, route.type, `${where} value[${i}]`, { inlineNavigation: INLINE })),
      );
    } else {
      const { '@odata.context': _c, ...entity } = body;
      out.push(...checkValue(v1, entity, route.type, where, { inlineNavigation: INLINE }));
    }
  }
  return out;
}

describe('conformance with Microsoft Graph v1.0 types', () => {
  it('the schema is read from the types package (sanity: known properties and navigations)', () => {
    const sp = v1.properties(v1.types.get('ServicePrincipal')!);
    expect(sp.get('verifiedPublisher')).toMatchObject({ navigation: false, collection: false });
    expect(sp.get('appRoleAssignedTo')).toMatchObject({ navigation: true, collection: true });
    expect(sp.has('publisherName')).toBe(false);
    expect(sp.has('id')).toBe(true);
    expect(v1.properties(v1.types.get('AppConsentRequest')!).get('userConsentRequests')).toMatchObject({
      navigation: true,
    });
  });

  it.each(sims.map((s, i) => [path.basename(FIXTURE_FILES[i]), s] as const))(
    '%s: every v1.0 entity matches its type',
    async (_name, s) => {
      const deviations = await crawl(s.h.sim, s.fixture);
      expect(deviations.map((d) => `${d.where}: ${d.problem}`)).toEqual([]);
    },
  );

  it('every property the simulator accepts in $select exists on the v1.0 type', () => {
    const specs = [
      ['ServicePrincipal', SERVICE_PRINCIPALS_SPEC],
      ['OAuth2PermissionGrant', GRANTS_SPEC],
      ['AppRoleAssignment', ASSIGNMENTS_SPEC],
      ['Group', GROUPS_SPEC],
      ['User', USERS_SPEC],
      ['SignIn', SIGN_INS_SPEC],
      ['AppConsentRequest', REQUESTS_SPEC],
      ['UserConsentRequest', USER_REQUESTS_SPEC],
    ] as const;
    const unknown = specs.flatMap(([type, spec]) => {
      const props = v1.properties(v1.types.get(type)!);
      return [...(spec.properties ?? []), ...(spec.defaultProperties ?? [])]
        .filter((p) => !props.has(p))
        .map((p) => `${type}.${p}`);
    });
    expect(unknown).toEqual([]);
  });
});
