/**
 * The sign-in pages, as plain HTML resembling Microsoft's (no external assets, inline CSS). Every
 * value from the request or the tenant goes through `esc`. Pure: outcome in, HTML out.
 */
import type { AuthorizeParams, ShownScope, SignInOutcome } from './entra-decision';
import type { User } from '../../src/graph/types';

export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CSS = `
body{margin:0;background:#f2f2f2;font-family:"Segoe UI","Helvetica Neue",Arial,sans-serif;color:#1b1b1b}
.box{max-width:440px;margin:8vh auto 0;background:#fff;box-shadow:0 2px 6px rgba(0,0,0,.2);padding:44px;box-sizing:border-box}
.logo{display:grid;grid-template-columns:10px 10px;gap:2px;width:22px;float:left;margin:2px 8px 0 0}
.logo i{display:block;width:10px;height:10px}.brand{font-size:15px;color:#5e5e5e;height:24px}
h1{font-size:24px;font-weight:600;margin:16px 0 12px}p{font-size:15px;line-height:1.4}
.who{font-size:15px;margin-top:16px}.app{font-weight:600}ul{padding-left:20px;font-size:14px}li{margin:6px 0}
.tag{font-size:12px;color:#a4262c;margin-left:6px}
.btns{text-align:right;margin-top:24px}
button,.button{font:inherit;font-size:15px;min-width:108px;padding:6px 12px;border:1px solid #8c8c8c;background:#fff;cursor:pointer;margin-left:8px;text-decoration:none;color:#1b1b1b;display:inline-block}
button.primary,.button.primary{background:#0067b8;border-color:#0067b8;color:#fff}
textarea{width:100%;box-sizing:border-box;min-height:72px;font:inherit;font-size:14px;padding:6px}
.details{margin-top:28px;font-size:12px;color:#5e5e5e;border-top:1px solid #e6e6e6;padding-top:12px;word-break:break-word}
.err{font-family:Consolas,monospace;font-size:13px;color:#1b1b1b}
a.tile{display:block;padding:10px 8px;border-bottom:1px solid #e6e6e6;color:#1b1b1b;text-decoration:none}a.tile:hover{background:#f2f2f2}
.sim{font-size:11px;color:#8a8886;text-align:center;margin-top:18px}
`;

export function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><main class="box">
<div class="brand"><span class="logo" aria-hidden="true"><i style="background:#f25022"></i><i style="background:#7fba00"></i><i style="background:#00a4ef"></i><i style="background:#ffb900"></i></span>Microsoft</div>
${body}
</main><p class="sim">Simulated Microsoft Entra ID sign-in (Consent Doctor local mode)</p></body></html>`;
}

function hidden(params: AuthorizeParams, tenant: string): string {
  const fields: Array<[string, string | null]> = [
    ['tenant', tenant],
    ['client_id', params.clientId],
    ['scope', params.scope],
    ['prompt', params.prompt],
    ['login_hint', params.loginHint],
    ['redirect_uri', params.redirectUri],
  ];
  return fields
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
}

function who(user: User | null): string {
  return user ? `<div class="who">${esc(user.userPrincipalName)}</div>` : '';
}

function scopeList(scopes: ShownScope[]): string {
  return `<ul>${scopes.map((s) => `<li>${esc(s.displayName)} <span class="err">(${esc(s.value)})</span>${s.adminOnly ? '<span class="tag">Admin consent required</span>' : ''}</li>`).join('')}</ul>`;
}

function details(outcome: SignInOutcome, extra: string[] = []): string {
  const lines = [
    outcome.app ? `App name: ${outcome.app.displayName}` : null,
    outcome.app ? `App ID: ${outcome.app.appId}` : null,
    outcome.user ? `User: ${outcome.user.userPrincipalName}` : null,
    outcome.reason ? `Why (simulator): ${outcome.reason}` : null,
    ...extra,
  ].filter((l): l is string => l !== null);
  return `<div class="details"><b>Troubleshooting details</b><br>${lines.map(esc).join('<br>')}</div>`;
}

function publisher(outcome: SignInOutcome, appName: string): string {
  const verified = outcome.app?.verifiedPublisher;
  return `<p><span class="app">${esc(appName)}</span><br>${verified ? `${esc(verified)} &#10004; verified publisher` : 'unverified'}</p>`;
}

export interface PageContext {
  /** Path of the authorize endpoint (forms post back to it). */
  action: string;
  tenantName: string;
  tenantKey: string;
  params: AuthorizeParams;
  /** Accounts for the picker. */
  users: User[];
  now: Date;
  /** The authorization code shown in the redirect after a successful sign-in. */
  code: string;
}

/** The authorize URL with the same request and another (or no) account. */
function authorizeUrl(ctx: PageContext, loginHint: string | null): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({
    client_id: ctx.params.clientId,
    scope: ctx.params.scope,
    prompt: ctx.params.prompt,
    redirect_uri: ctx.params.redirectUri,
  })) {
    if (v !== null) q.set(k, v);
  }
  if (loginHint) q.set('login_hint', loginHint);
  return `${ctx.action}?${q.toString()}`;
}

/** Only http(s) redirect URIs become links (a javascript: URI stays text). */
function safeRedirect(uri: string | null): string | null {
  if (!uri) return null;
  try {
    const url = new URL(uri);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function signedIn(outcome: SignInOutcome, ctx: PageContext, code: string): string {
  const redirect = safeRedirect(ctx.params.redirectUri);
  const target = redirect ? `${redirect}${redirect.includes('?') ? '&' : '?'}code=${encodeURIComponent(code)}` : null;
  return layout(
    'Signed in',
    `${who(outcome.user)}<h1>You're signed in</h1>
<p>${esc(outcome.user?.displayName ?? '')} signed in to <span class="app">${esc(outcome.app?.displayName ?? '')}</span>.</p>
${target ? `<p>Entra would now redirect to the app:<br><a class="err" href="${esc(target)}">${esc(target)}</a></p>` : '<p>The app would now receive its authorization code.</p>'}
${details(outcome, [`Time: ${ctx.now.toISOString()}`])}`,
  );
}

function errorPage(outcome: Extract<SignInOutcome, { kind: 'error' }>, ctx: PageContext): string {
  return layout(
    'Sign in',
    `${who(outcome.user)}<h1>Sorry, but we're having trouble signing you in.</h1>
<p class="err">AADSTS${esc(outcome.code)}: ${esc(outcome.description)}</p>
<div class="btns"><a class="button" href="${esc(authorizeUrl(ctx, null))}">Sign in with another account</a></div>
${details(outcome, [`Error: ${outcome.error}`, `Error code: AADSTS${outcome.code}`, `Time: ${ctx.now.toISOString()}`])}`,
  );
}

/** After "Request approval". */
export function renderRequestSent(outcome: SignInOutcome, ctx: PageContext): string {
  return layout(
    'Request sent',
    `${who(outcome.user)}<h1>Request sent</h1>
<p>Your request for <span class="app">${esc(outcome.app?.displayName ?? '')}</span> was sent to your admin for approval. You'll get a notification once it is reviewed.</p>
${details(outcome, [`Time: ${ctx.now.toISOString()}`])}`,
  );
}

/** After "Cancel" on the consent page (AADSTS65004). */
export function renderDeclined(outcome: SignInOutcome, ctx: PageContext): string {
  return layout(
    'Sign in',
    `${who(outcome.user)}<h1>Sorry, but we're having trouble signing you in.</h1>
<p class="err">AADSTS65004: User declined to consent to access the app.</p>
<div class="btns"><a class="button" href="${esc(authorizeUrl(ctx, outcome.user?.userPrincipalName ?? null))}">Try again</a></div>
${details(outcome, [`Time: ${ctx.now.toISOString()}`])}`,
  );
}

export function renderOutcome(outcome: SignInOutcome, ctx: PageContext): string {
  const appName = outcome.app?.displayName ?? ctx.params.clientId ?? 'the application';
  switch (outcome.kind) {
    case 'pick_account':
      return layout(
        'Sign in to your account',
        `<h1>Pick an account</h1><p>to continue to <span class="app">${esc(appName)}</span></p>
${ctx.users.map((u) => `<a class="tile" href="${esc(authorizeUrl(ctx, u.userPrincipalName))}">${esc(u.displayName)}<br><small>${esc(u.userPrincipalName)}</small></a>`).join('')}`,
      );
    case 'signed_in':
      return signedIn(outcome, ctx, ctx.code);
    case 'consent':
      return layout(
        'Permissions requested',
        `${who(outcome.user)}<h1>Permissions requested</h1>
${publisher(outcome, appName)}
<p>This app would like to:</p>${scopeList(outcome.scopes)}
<form method="post" action="${esc(ctx.action)}">${hidden(ctx.params, ctx.tenantKey)}
${outcome.admin ? `<p><label><input type="checkbox" name="consent_for_org" value="true"${outcome.forOrganization ? ' checked' : ''}> Consent on behalf of your organization</label></p>` : ''}
<p style="font-size:13px">Accepting these permissions means that you allow this app to use your data as specified in their terms of service and privacy statement.</p>
<div class="btns"><button type="submit" name="action" value="cancel">Cancel</button><button class="primary" type="submit" name="action" value="accept">Accept</button></div></form>
${details(outcome)}`,
      );
    case 'approval_required':
      return layout(
        'Approval required',
        `${who(outcome.user)}<h1>Approval required</h1>
${publisher(outcome, appName)}
<p>This app requires your admin's approval to:</p>${scopeList(outcome.scopes)}
${
  outcome.alreadyRequested
    ? '<p><b>Your request is awaiting approval.</b> You will be notified when an admin has reviewed it.</p>'
    : `<form method="post" action="${esc(ctx.action)}">${hidden(ctx.params, ctx.tenantKey)}
<p>Enter justification for requesting this app</p><textarea name="justification" maxlength="1000" aria-label="Justification"></textarea>
<div class="btns"><button class="primary" type="submit" name="action" value="request">Request approval</button></div></form>`
}
${details(outcome, [`Error code: AADSTS${outcome.code}`])}`,
      );
    case 'need_admin_approval':
      return layout(
        'Need admin approval',
        `${who(outcome.user)}<h1>Need admin approval</h1>
${publisher(outcome, appName)}
<p>${esc(appName)} needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.</p>
${scopeList(outcome.scopes)}
<div class="btns"><a class="button" href="${esc(authorizeUrl(ctx, null))}">Have an admin account? Sign in with that account</a></div>
${details(outcome, [`Error code: AADSTS${outcome.code}`])}`,
      );
    case 'error':
      return errorPage(outcome, ctx);
  }
}
