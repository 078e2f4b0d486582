/**
 * Generates sim/catalog/generated/*.json: the delegated scopes (oauth2PermissionScopes) and
 * application permissions (appRoles) that Microsoft's first-party resource APIs publish in every
 * tenant, from Microsoft's own permission data and from service principals as real tenants return
 * them. Ids, values, types and descriptions are facts; every file records the repositories and
 * commits it was derived from. Not run in CI: the generated data is committed.
 *
 *   npx tsx scripts/generate-first-party-resources.ts \
 *     --devx <checkout of microsoftgraph/microsoft-graph-devx-content> \
 *     --graph-capture <checkout of merill/microsoft-info> \
 *     --cli-m365 <checkout of pnp/cli-microsoft365>
 *
 * Each path may be a work tree or a bare git directory; files are read at HEAD with `git show`, so
 * the generator runs offline.
 *
 * Sources and precedence (see sim/README.md, "First-party resources"):
 *  - Microsoft Graph: the service principal as a real tenant returns it (merill/microsoft-info
 *    `_info/Graph*Roles.json`, exported daily from `GET /servicePrincipals?$filter=appId eq
 *    '00000003-0000-0000-c000-000000000000'`) is what Graph answers, so its entries win. Microsoft's
 *    permission data (microsoft-graph-devx-content `permissions/new/permissions.json` for text and
 *    admin consent, `permissions/new/provisioningInfo.json` for ids, `permissions/permissions-descriptions.json`
 *    for the OpenID Connect scopes) adds every permission it publishes in the public cloud (not
 *    hidden) that the capture lacks. Where both have a permission and disagree on its id or type,
 *    the disagreement is listed in the data file.
 *  - Office 365 SharePoint Online and Dynamics CRM: service principals captured from real tenants
 *    in pnp/cli-microsoft365's tests (Microsoft publishes no permission data for them).
 *  - Azure Storage: its one delegated scope, from Microsoft Learn (see AZURE_STORAGE below).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isGuid } from '../src/guid';

type ScopeType = 'User' | 'Admin';
interface Scope {
  id: string;
  value: string;
  type: ScopeType;
  isEnabled: boolean;
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  userConsentDisplayName: string | null;
  userConsentDescription: string | null;
}
interface Role {
  id: string;
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: Array<'User' | 'Application'>;
  isEnabled: boolean;
}
interface Source {
  repo: string;
  commit: string;
  paths: string[];
  role: string;
}
interface Disagreement {
  kind: 'delegated' | 'application';
  value: string;
  field: 'id' | 'type';
  capture: string;
  microsoft: string;
}
interface ResourceData {
  appId: string;
  displayName: string;
  sources: Source[];
  counts: Record<string, number>;
  disagreements: Disagreement[];
  oauth2PermissionScopes: Scope[];
  appRoles: Role[];
}

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const SHAREPOINT_APP_ID = '00000003-0000-0ff1-ce00-000000000000';
const DYNAMICS_CRM_APP_ID = '00000007-0000-0000-c000-000000000000';
const AZURE_STORAGE_APP_ID = 'e406a681-f3d4-42a8-90b6-c2b029497af1';

// ---------------------------------------------------------------- reading a checkout at HEAD

function git(dir: string, args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}
function readAtHead(dir: string, path: string): string {
  return git(dir, ['show', `HEAD:${path}`]).replace(/^\uFEFF/, '');
}
function headCommit(dir: string): string {
  return git(dir, ['rev-parse', 'HEAD']).trim();
}
function readJson<T>(dir: string, path: string): T {
  return JSON.parse(readAtHead(dir, path)) as T;
}

// ---------------------------------------------------------------- helpers

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const byValue = <T extends { value: string }>(a: T, b: T): number => a.value.localeCompare(b.value, 'en') || 0;

function uniqueBy<T extends { value: string; id: string }>(items: T[], what: string): T[] {
  const values = new Set<string>();
  const ids = new Set<string>();
  for (const item of items) {
    if (!isGuid(item.id)) throw new Error(`${what}: ${item.value} has a malformed id ${item.id}`);
    if (values.has(item.value.toLowerCase())) throw new Error(`${what}: duplicate value ${item.value}`);
    if (ids.has(item.id)) throw new Error(`${what}: duplicate id ${item.id} (${item.value})`);
    values.add(item.value.toLowerCase());
    ids.add(item.id);
  }
  return items;
}

// ---------------------------------------------------------------- Microsoft Graph

interface CaptureScope {
  Id: string;
  Value: string;
  Type: string;
  IsEnabled: boolean;
  AdminConsentDisplayName: string;
  AdminConsentDescription: string;
  UserConsentDisplayName: string | null;
  UserConsentDescription: string | null;
}
interface CaptureRole {
  Id: string;
  Value: string;
  DisplayName: string;
  Description: string;
  AllowedMemberTypes: string[];
  IsEnabled: boolean;
}
interface DevxScheme {
  adminDisplayName?: string;
  adminDescription?: string;
  userDisplayName?: string;
  userDescription?: string;
  requiresAdminConsent?: boolean;
}
interface DevxPermission {
  authorizationType?: string;
  schemes: Record<string, DevxScheme | undefined>;
}
interface Deployment {
  id?: string;
  scheme: string;
  environment: string;
  isHidden?: boolean;
  isEnabled?: boolean;
}
interface ExplorerScope {
  id: string;
  value: string;
  isAdmin: boolean;
  isEnabled?: boolean;
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  consentDisplayName?: string;
  consentDescription?: string;
}

function fromCaptureScope(s: CaptureScope): Scope {
  return {
    id: s.Id.toLowerCase(),
    value: s.Value,
    type: s.Type === 'Admin' ? 'Admin' : 'User',
    isEnabled: s.IsEnabled !== false,
    adminConsentDisplayName: s.AdminConsentDisplayName,
    adminConsentDescription: s.AdminConsentDescription,
    userConsentDisplayName: str(s.UserConsentDisplayName),
    userConsentDescription: str(s.UserConsentDescription),
  };
}
function fromCaptureRole(r: CaptureRole): Role {
  return {
    id: r.Id.toLowerCase(),
    value: r.Value,
    displayName: r.DisplayName,
    description: r.Description,
    allowedMemberTypes: r.AllowedMemberTypes.filter(
      (t): t is 'User' | 'Application' => t === 'User' || t === 'Application',
    ),
    isEnabled: r.IsEnabled !== false,
  };
}

/** The permission's public-cloud deployment for a scheme, when Microsoft publishes it (not hidden) with a valid id. */
function publishedDeployment(deployments: Deployment[] | undefined, scheme: string): Deployment | null {
  for (const d of deployments ?? []) {
    const envs = d.environment.toLowerCase().split(';');
    if (
      d.scheme === scheme &&
      envs.includes('public') &&
      d.isHidden !== true &&
      d.isEnabled !== false &&
      d.id &&
      isGuid(d.id)
    )
      return d;
  }
  return null;
}

function generateGraph(devxDir: string, captureDir: string): ResourceData {
  const PERMISSIONS = 'permissions/new/permissions.json';
  const PROVISIONING = 'permissions/new/provisioningInfo.json';
  const EXPLORER = 'permissions/permissions-descriptions.json';
  const CAPTURE_SCOPES = '_info/GraphDelegateRoles.json';
  const CAPTURE_ROLES = '_info/GraphAppRoles.json';

  const permissions = readJson<{ permissions: Record<string, DevxPermission> }>(devxDir, PERMISSIONS).permissions;
  const deployments = readJson<{ permissionDeployments: Record<string, Deployment[]> }>(
    devxDir,
    PROVISIONING,
  ).permissionDeployments;
  const explorer = readJson<{ delegatedScopesList: ExplorerScope[] }>(devxDir, EXPLORER);
  const captureScopes = readJson<CaptureScope[]>(captureDir, CAPTURE_SCOPES).map(fromCaptureScope);
  const captureRoles = readJson<CaptureRole[]>(captureDir, CAPTURE_ROLES).map(fromCaptureRole);

  const disagreements: Disagreement[] = [];
  const scopes = new Map(captureScopes.map((s) => [s.value.toLowerCase(), s]));
  const roles = new Map(captureRoles.map((r) => [r.value.toLowerCase(), r]));
  const microsoftDelegated = new Set<string>();
  const microsoftApplication = new Set<string>();
  let addedDelegated = 0;
  let addedApplication = 0;

  for (const [value, permission] of Object.entries(permissions)) {
    if ((permission.authorizationType ?? 'oAuth2') !== 'oAuth2') continue; // resource-specific consent: not on the service principal
    const delegated = permission.schemes.DelegatedWork;
    const delegatedAt = delegated ? publishedDeployment(deployments[value], 'DelegatedWork') : null;
    if (delegated && delegatedAt?.id) {
      microsoftDelegated.add(value.toLowerCase());
      const type: ScopeType = delegated.requiresAdminConsent ? 'Admin' : 'User';
      const id = delegatedAt.id.toLowerCase();
      const captured = scopes.get(value.toLowerCase());
      if (captured) {
        if (captured.id !== id)
          disagreements.push({ kind: 'delegated', value, field: 'id', capture: captured.id, microsoft: id });
        if (captured.type !== type)
          disagreements.push({ kind: 'delegated', value, field: 'type', capture: captured.type, microsoft: type });
      } else {
        addedDelegated++;
        scopes.set(value.toLowerCase(), {
          id,
          value,
          type,
          isEnabled: true,
          adminConsentDisplayName: delegated.adminDisplayName ?? value,
          adminConsentDescription: delegated.adminDescription ?? '',
          userConsentDisplayName: str(delegated.userDisplayName),
          userConsentDescription: str(delegated.userDescription),
        });
      }
    }
    const application = permission.schemes.Application;
    const applicationAt = application ? publishedDeployment(deployments[value], 'Application') : null;
    if (application && applicationAt?.id) {
      microsoftApplication.add(value.toLowerCase());
      const id = applicationAt.id.toLowerCase();
      const captured = roles.get(value.toLowerCase());
      if (captured) {
        if (captured.id !== id)
          disagreements.push({ kind: 'application', value, field: 'id', capture: captured.id, microsoft: id });
      } else {
        addedApplication++;
        roles.set(value.toLowerCase(), {
          id,
          value,
          displayName: application.adminDisplayName ?? value,
          description: application.adminDescription ?? '',
          allowedMemberTypes: ['Application'],
          isEnabled: true,
        });
      }
    }
  }
  // The OpenID Connect scopes are published by Graph but absent from permissions.json: Graph Explorer's list has them.
  for (const e of explorer.delegatedScopesList) {
    const key = e.value.toLowerCase();
    microsoftDelegated.add(key);
    if (scopes.has(key) || !isGuid(e.id)) continue;
    addedDelegated++;
    scopes.set(key, {
      id: e.id.toLowerCase(),
      value: e.value,
      type: e.isAdmin ? 'Admin' : 'User',
      isEnabled: e.isEnabled !== false,
      adminConsentDisplayName: e.adminConsentDisplayName,
      adminConsentDescription: e.adminConsentDescription,
      userConsentDisplayName: str(e.consentDisplayName),
      userConsentDescription: str(e.consentDescription),
    });
  }

  const oauth2PermissionScopes = uniqueBy([...scopes.values()].sort(byValue), 'Graph delegated');
  const appRoles = uniqueBy([...roles.values()].sort(byValue), 'Graph application');
  return {
    appId: GRAPH_APP_ID,
    displayName: 'Microsoft Graph',
    sources: [
      {
        repo: 'merill/microsoft-info',
        commit: headCommit(captureDir),
        paths: [CAPTURE_SCOPES, CAPTURE_ROLES],
        role: 'the service principal as a real tenant returns it (wins)',
      },
      {
        repo: 'microsoftgraph/microsoft-graph-devx-content',
        commit: headCommit(devxDir),
        paths: [PERMISSIONS, PROVISIONING, EXPLORER],
        role: "Microsoft's permission data: adds permissions published in the public cloud that the capture lacks",
      },
    ],
    counts: {
      captureDelegated: captureScopes.length,
      captureApplication: captureRoles.length,
      microsoftDelegated: microsoftDelegated.size,
      microsoftApplication: microsoftApplication.size,
      addedFromMicrosoftDelegated: addedDelegated,
      addedFromMicrosoftApplication: addedApplication,
      delegated: oauth2PermissionScopes.length,
      application: appRoles.length,
    },
    disagreements: disagreements.sort((a, b) => a.value.localeCompare(b.value, 'en') || a.field.localeCompare(b.field)),
    oauth2PermissionScopes,
    appRoles,
  };
}

// ---------------------------------------------------------------- service principals captured in cli-microsoft365 tests

interface GraphScope {
  id: string;
  value: string;
  type: string;
  isEnabled?: boolean;
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  userConsentDisplayName?: string | null;
  userConsentDescription?: string | null;
}
interface GraphRole {
  id: string;
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: string[];
  isEnabled?: boolean;
}
interface GraphServicePrincipal {
  appId: string;
  displayName?: string;
  oauth2PermissionScopes?: GraphScope[];
  appRoles?: GraphRole[];
}

/** The JSON object literal around the first `"appId": "<appId>"` that carries permission lists. */
export function servicePrincipalIn(text: string, appId: string): GraphServicePrincipal {
  const marker = new RegExp(`"appId":\\s*"${appId}"`, 'g');
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    const start = enclosingBrace(text, m.index);
    if (start < 0) continue;
    const end = matchingBrace(text, start);
    const sp = JSON.parse(text.slice(start, end + 1)) as GraphServicePrincipal;
    if (sp.oauth2PermissionScopes?.length || sp.appRoles?.length) return sp;
  }
  throw new Error(`no service principal with permissions for ${appId}`);
}
function enclosingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i >= 0; i--) {
    if (text[i] === '}') depth++;
    else if (text[i] === '{') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  throw new Error('unbalanced object literal');
}

function fromGraphScope(s: GraphScope): Scope {
  return {
    id: s.id.toLowerCase(),
    value: s.value,
    type: s.type === 'Admin' ? 'Admin' : 'User',
    isEnabled: s.isEnabled !== false,
    adminConsentDisplayName: s.adminConsentDisplayName,
    adminConsentDescription: s.adminConsentDescription,
    userConsentDisplayName: str(s.userConsentDisplayName),
    userConsentDescription: str(s.userConsentDescription),
  };
}
function fromGraphRole(r: GraphRole): Role {
  return {
    id: r.id.toLowerCase(),
    value: r.value,
    displayName: r.displayName,
    description: r.description,
    allowedMemberTypes: r.allowedMemberTypes.filter(
      (t): t is 'User' | 'Application' => t === 'User' || t === 'Application',
    ),
    isEnabled: r.isEnabled !== false,
  };
}

function generateCaptured(cliDir: string, path: string, appId: string, displayName: string): ResourceData {
  const sp = servicePrincipalIn(readAtHead(cliDir, path), appId);
  const oauth2PermissionScopes = uniqueBy(
    (sp.oauth2PermissionScopes ?? []).map(fromGraphScope).sort(byValue),
    displayName,
  );
  const appRoles = uniqueBy((sp.appRoles ?? []).map(fromGraphRole).sort(byValue), displayName);
  return {
    appId,
    displayName,
    sources: [
      {
        repo: 'pnp/cli-microsoft365',
        commit: headCommit(cliDir),
        paths: [path],
        role: 'the service principal as a real tenant returned it (captured in a test)',
      },
    ],
    counts: { delegated: oauth2PermissionScopes.length, application: appRoles.length },
    disagreements: [],
    oauth2PermissionScopes,
    appRoles,
  };
}

// ---------------------------------------------------------------- Azure Storage

/**
 * Azure Storage publishes one delegated scope, user_impersonation, that users may consent to:
 * https://learn.microsoft.com/azure/storage/common/storage-auth-aad-app (API permissions:
 * "Azure Storage", delegated "user_impersonation"). Its id is the one app registrations reference
 * in requiredResourceAccess (e.g. Azure/Microsoft365R and many public Terraform/Bicep files).
 */
const AZURE_STORAGE: ResourceData = {
  appId: AZURE_STORAGE_APP_ID,
  displayName: 'Azure Storage',
  sources: [
    {
      repo: 'learn.microsoft.com',
      commit: 'n/a',
      paths: ['azure/storage/common/storage-auth-aad-app'],
      role: 'the delegated scope Microsoft documents',
    },
  ],
  counts: { delegated: 1, application: 0 },
  disagreements: [],
  oauth2PermissionScopes: [
    {
      id: '03e0da56-190b-40ad-a80c-ea378c433f7f',
      value: 'user_impersonation',
      type: 'User',
      isEnabled: true,
      // Only the label is documented; the descriptions repeat it rather than invent text.
      adminConsentDisplayName: 'Access Azure Storage',
      adminConsentDescription: 'Access Azure Storage',
      userConsentDisplayName: 'Access Azure Storage',
      userConsentDescription: 'Access Azure Storage',
    },
  ],
  appRoles: [],
};

// ---------------------------------------------------------------- display names

const MICROSOFT_APPS = '_info/MicrosoftApps.json';

/** Each resource's display name as a real tenant lists it (Dynamics CRM's service principal is now "Dataverse"). */
function withTenantDisplayName(
  data: ResourceData,
  captureDir: string,
  apps: Array<{ AppId: string; AppDisplayName: string }>,
): ResourceData {
  const app = apps.find((a) => a.AppId.toLowerCase() === data.appId);
  if (!app) throw new Error(`${MICROSOFT_APPS} does not list ${data.appId}`);
  return {
    ...data,
    displayName: app.AppDisplayName,
    sources: [
      ...data.sources,
      {
        repo: 'merill/microsoft-info',
        commit: headCommit(captureDir),
        paths: [MICROSOFT_APPS],
        role: 'the display name a real tenant lists',
      },
    ],
  };
}

// ---------------------------------------------------------------- main

function argsOf(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (!key?.startsWith('--') || value === undefined)
      throw new Error(`usage: --devx DIR --graph-capture DIR --cli-m365 DIR (got ${argv.join(' ')})`);
    out[key.slice(2)] = value;
  }
  for (const required of ['devx', 'graph-capture', 'cli-m365'])
    if (!out[required]) throw new Error(`missing --${required} DIR`);
  return out;
}

function write(dir: string, name: string, data: ResourceData): void {
  const { oauth2PermissionScopes, appRoles, ...head } = data;
  // One permission per line: readable diffs when the sources change.
  const lines = (items: unknown[]): string => items.map((item) => `    ${JSON.stringify(item)}`).join(',\n');
  const headJson = JSON.stringify(
    {
      $comment: 'Generated by scripts/generate-first-party-resources.ts from the sources below; do not edit.',
      ...head,
    },
    null,
    2,
  );
  const text = `${headJson.slice(0, -2)},\n  "oauth2PermissionScopes": [\n${lines(oauth2PermissionScopes)}\n  ],\n  "appRoles": [\n${lines(appRoles)}\n  ]\n}\n`;
  JSON.parse(text); // stays valid JSON
  writeFileSync(join(dir, name), text);
  process.stdout.write(`${name}: ${oauth2PermissionScopes.length} delegated, ${appRoles.length} application\n`);
}

function main(): void {
  const args = argsOf(process.argv.slice(2));
  const out = join(__dirname, '..', 'sim', 'catalog', 'generated');
  mkdirSync(out, { recursive: true });
  const capture = args['graph-capture'];
  const apps = readJson<Array<{ AppId: string; AppDisplayName: string }>>(capture, MICROSOFT_APPS);
  const named = (data: ResourceData): ResourceData => withTenantDisplayName(data, capture, apps);
  write(out, 'microsoft-graph.json', named(generateGraph(args.devx, capture)));
  write(
    out,
    'office-365-sharepoint-online.json',
    named(
      generateCaptured(
        args['cli-m365'],
        'src/m365/entra/commands/approleassignment/approleassignment-add.spec.ts',
        SHAREPOINT_APP_ID,
        'Office 365 SharePoint Online',
      ),
    ),
  );
  write(
    out,
    'dynamics-crm.json',
    named(
      generateCaptured(
        args['cli-m365'],
        'src/m365/entra/commands/app/app-add.mock.ts',
        DYNAMICS_CRM_APP_ID,
        'Dynamics CRM',
      ),
    ),
  );
  write(out, 'azure-storage.json', named(AZURE_STORAGE));
}

if (require.main === module) main();
