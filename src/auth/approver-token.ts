/**
 * The approving admin's own token as the approval code sees it (APPROVAL_WRITES=delegated): who
 * signed in, read from the token itself. src/teams/auth/approver-sign-in.ts obtains the token.
 */

/** Who the token says signed in (read from the token the token service returned to us). */
export interface ApproverToken {
  token: string;
  /** The signed-in user's object id (`oid`), lower case; null when the token does not say. */
  objectId: string | null;
  /** For the audit trail. */
  userPrincipalName: string | null;
}

export type SignInResult = { kind: 'token'; approver: ApproverToken } | { kind: 'answered' };

function claimsOf(token: string): Record<string, unknown> {
  try {
    const part = token.split('.')[1] ?? '';
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function approverFromToken(token: string): ApproverToken {
  const claims = claimsOf(token);
  const upn = claims.upn ?? claims.preferred_username;
  return {
    token,
    objectId: typeof claims.oid === 'string' ? claims.oid.toLowerCase() : null,
    userPrincipalName: typeof upn === 'string' ? upn : null,
  };
}
