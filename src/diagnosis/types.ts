/**
 * Plain data that flows between intake, facts gathering, the rules and the remedies.
 * The contracts in docs/contracts.md (CLI JSON, finding codes, remedy kinds) are expressed here: keep them stable.
 */
import type {
  AppRole,
  PermissionScope,
  AdminConsentRequestPolicy,
  AppConsentRequest,
  AppRoleAssignment,
  AuthorizationPolicy,
  DelegatedPermissionClassification,
  Group,
  OAuth2PermissionGrant,
  PermissionGrantPolicy,
  ServicePrincipal,
  SignIn,
  User,
} from '../graph/types';
import type { RefusedScope, ScopeEvidence, ScopeEvidenceSource } from './evidence-types';
export type { RefusedScope, ScopeEvidence, ScopeEvidenceSource } from './evidence-types';

export const FINDING_CODES = [
  'APP_NOT_IN_TENANT',
  'APP_DISABLED',
  'RESOURCE_NOT_IN_TENANT',
  'ASSIGNMENT_REQUIRED_NOT_ASSIGNED',
  'ASSIGNED_ONLY_VIA_NESTED_GROUP',
  'USER_CONSENT_DISABLED',
  'USER_CONSENT_LIMITED_UNVERIFIED_PUBLISHER',
  'USER_CONSENT_LIMITED_SCOPE_NOT_LOW',
  'USER_CONSENT_BLOCKED_BY_MANAGED_POLICY',
  'ADMIN_ONLY_SCOPES',
  'APPLICATION_PERMISSIONS_REQUESTED',
  'CONSENT_MISSING_SCOPES',
  'CONSENT_ONLY_FOR_ANOTHER_USER',
  'CONSENT_REQUEST_PENDING',
  'CONSENT_REQUEST_EXPIRED',
  'CONSENT_REQUEST_DENIED',
  'ADMIN_CONSENT_WORKFLOW_DISABLED',
  'PROMPT_CONSENT_FORCED',
  'WRONG_APP',
  'CONDITIONAL_ACCESS_BLOCK',
  'USER_NOT_IN_TENANT',
  'USER_ACCOUNT_DISABLED',
  'RISKY_APP_BLOCKED',
  'SIGNIN_LOGS_UNAVAILABLE',
  'INSUFFICIENT_BOT_PERMISSIONS',
  'SCOPES_UNKNOWN',
  'NO_PROBLEM_FOUND',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export type Severity = 'blocker' | 'warning' | 'info';

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** Plain words for the person who sees the prompt. */
  summary: string;
  /**
   * The summary's plain words for the admins who decide on the request: the person asking is named,
   * never "you". Optional: diagnoses stored before it existed lack it (cards then use adminSummary).
   */
  summaryForAdmins?: string;
  /** Precise words for the admin: which object, which scope, which setting. */
  adminSummary: string;
  /** True when an admin's Approve (a remedy of kind grant/assign/create) removes this cause. */
  fixable: boolean;
  /** Machine-readable evidence (object ids, scopes, error codes). */
  evidence?: Record<string, string | number | boolean | string[] | null>;
}

export type ConsentType = 'AllPrincipals' | 'Principal';

export type Remedy =
  | { kind: 'create_service_principal'; appId: string }
  | {
      kind: 'grant_delegated';
      clientAppId: string;
      resourceAppId: string;
      scopes: string[];
      consentType: ConsentType;
      principalId?: string;
      /** Where each scope of `scopes` and `confirm` was seen asked for (always set by the planner). */
      sources?: Record<string, ScopeEvidenceSource[]>;
      /** High-impact scopes only a requester-typed source supports: written only when the approver confirms each. */
      confirm?: string[];
      /** Scopes asked for that no click writes, with the reason. */
      refused?: RefusedScope[];
    }
  | {
      kind: 'assign_user';
      appId: string;
      userId: string;
      appRoleId: string;
      /**
       * Present when the evidence names no role: the app's user roles the approver picks from on the
       * card (appRoleId is then '' until picked). Never filled in with the first role by position.
       */
      roleChoices?: string[];
    }
  | { kind: 'admin_consent_url'; url: string }
  | { kind: 'manual'; title: string; steps: string[] };

export type RemedyKind = Remedy['kind'];

/** Where a requested-scope list came from, most trustworthy first. */
export type ScopeSource = 'url' | 'consent_request' | 'catalog' | 'sign_in' | 'fixture' | 'existing_grant';

export interface RequestedScopes {
  /** resource appId -> delegated scope values */
  delegated: Record<string, string[]>;
  /** resource appId -> application permission (app role) values */
  application: Record<string, string[]>;
  source: ScopeSource | null;
  /** prompt parameter seen on the pasted URL, if any */
  prompt?: string | null;
  /** client_id seen on the pasted URL, if any (lets the rules notice a different app than the one diagnosed). */
  clientId?: string | null;
  /** Scopes whose resource could not be identified (unknown host, /.default), kept for the admin. */
  unresolved?: string[];
  /** Every requested delegated scope with its resource (null = unresolved) and its sources. */
  evidence?: ScopeEvidence[];
  /** Requested scopes no click may write (unresolved, or not published by their resource). */
  refused?: RefusedScope[];
  /** The sign-in URL asked for ".default" (whatever the app registration lists). */
  usesDefault?: boolean;
}

export type CandidateReason =
  | 'guid'
  | 'consent_url'
  | 'error_text'
  | 'service_principal_name'
  | 'catalog'
  | 'failed_sign_in'
  /** Not a match: an app the tenant has, listed when nothing matched so the person can pick the right name. */
  | 'tenant_app';

export interface AppCandidate {
  appId: string | null;
  displayName: string;
  servicePrincipalId: string | null;
  score: number;
  reasons: CandidateReason[];
  /** Human-readable explanation of why this candidate was proposed. */
  why: string;
}

/** What intake extracts from free text before any Graph call. */
export interface ParsedMessage {
  guids: string[];
  consentUrl: {
    clientId: string | null;
    scopes: string[];
    prompt: string | null;
    tenant: string | null;
    redirectUri: string | null;
  } | null;
  errorText: {
    aadsts: number | null;
    appId: string | null;
    correlationId: string | null;
    timestamp: string | null;
    /** The missing resource an error names (650052: its app id; 500011: its URI or id). */
    resource?: string | null;
  } | null;
  /** Normalised words for name matching ("sharepoint", "connector", ...). */
  words: string[];
  justification: string | null;
}

export interface ForbiddenRead {
  /** Which fact could not be read, e.g. "sign-in logs". */
  fact: string;
  /** The Graph application permission that would allow it. */
  permission: string;
  code: string;
}

/** Everything the rules need, gathered by src/graph/facts.ts. Pure data. */
export interface Facts {
  tenantId: string;
  /** The user as asked about (UPN or id) and what Graph returned. */
  userQuery: string;
  user: User | null;
  /** Groups the user is a direct member of / transitively a member of. */
  directGroups: Group[];
  transitiveGroups: Group[];
  appId: string | null;
  servicePrincipal: ServicePrincipal | null;
  /** Resource service principals keyed by resource appId; null = not in tenant. */
  resources: Record<string, ServicePrincipal | null>;
  /** All delegated grants whose clientId is the app's service principal. */
  grants: OAuth2PermissionGrant[];
  /** Assignments to the app's service principal (appRoleAssignedTo). */
  appRoleAssignedTo: AppRoleAssignment[];
  authorizationPolicy: AuthorizationPolicy | null;
  permissionGrantPolicies: PermissionGrantPolicy[];
  /** Resource appId -> classifications of its delegated permissions. */
  classifications: Record<string, DelegatedPermissionClassification[]>;
  adminConsentRequestPolicy: AdminConsentRequestPolicy | null;
  /** Entra consent requests for this app (all statuses). */
  consentRequests: AppConsentRequest[];
  /** The user's recent sign-ins to this app, newest first; null when unavailable. */
  signIns: SignIn[] | null;
  signInsUnavailable: 'not_premium' | 'forbidden' | null;
  requested: RequestedScopes;
  forbidden: ForbiddenRead[];
  /**
   * Built-in role template ids of the user's tenant-wide directory role assignments (direct ones:
   * roles held through role-assignable groups are not read). null or absent = unknown (not read,
   * or the bot may not read roles): the rules then treat the user as holding no role.
   */
  userRoleDefinitionIds?: string[] | null;
  /** Display names of other people holding single-user grants for the app, by object id (lower case). */
  principalNames?: Record<string, string>;
  /** Resource appIds that sign-in errors or a pasted error name as missing (650052 / 500011). */
  resourceHints?: string[];
  /** Set by facts gathering: the current time, so rules stay pure. */
  now: string;
}

export interface Diagnosis {
  app: { appId: string; displayName: string; servicePrincipalId: string | null } | null;
  user: { id: string; userPrincipalName: string; displayName: string } | null;
  candidates: AppCandidate[];
  findings: Finding[];
  /** The plan for "Approve for everyone" (plus link-outs / manual steps). */
  remedies: Remedy[];
  /** The plan for "Approve for this user only". */
  userOnlyRemedies: Remedy[];
  requested: RequestedScopes;
  graph: { requests: number; roundTrips: number };
  /** What a fix must still achieve for this user (every evidenced scope, the assignment); see verification.ts. */
  verification?: VerificationGap;
  /**
   * What cards need to describe the change without re-reading Graph: stored with the request so a
   * refresh or a later update renders the same card. Only the scopes this diagnosis touches are kept.
   */
  context?: DiagnosisContext;
}

export interface DiagnosisContext {
  /** Always null from v1.0 (publisherName is beta-only); kept for stored requests. */
  publisherName: string | null;
  /** v1.0's publisher facts: null ids mean "not verified". */
  verifiedPublisher: {
    displayName: string | null;
    verifiedPublisherId: string | null;
    addedDateTime?: string | null;
  } | null;
  /** The tenant that owns the app (the vendor's tenant; Microsoft's for first-party apps). */
  appOwnerOrganizationId?: string | null;
  /** Resource appId -> display name and the published scopes that the remedies or the request name. */
  resources: Record<string, { displayName: string; oauth2PermissionScopes: PermissionScope[] } | null>;
  /** The app's enabled user-assignable roles (for "assign role X"). */
  appRoles: AppRole[];
  /** Object id -> display name for users named by remedies. */
  userNames: Record<string, string>;
  /** Resource appId -> scope value (lower case) -> this tenant's classification of it. */
  classifications?: Record<string, Record<string, 'low' | 'medium' | 'high'>>;
}

/** What a fix must still achieve for one user (computed in verification.ts). */
export interface VerificationGap {
  /** Evidenced scopes still not granted to the user, on their own resource. */
  missingScopes: Array<{ resourceAppId: string; scope: string }>;
  /** Assignment is required and the user holds none that Entra counts. */
  assignmentMissing: boolean;
  /** The app's service principal does not exist (yet). */
  appMissing: boolean;
}
