/**
 * The simulated sign-in page: GET /{tenant}/oauth2/v2.0/authorize shows what Entra would show this
 * user now and records the sign-in; POST (the page's own forms) accepts consent, declines it or
 * requests approval. Parameters: client_id, scope, prompt, redirect_uri, login_hint (UPN or object
 * id: the simulated signed-in user; without it the page lists the tenant's accounts).
 */
import { randomBytes } from 'node:crypto';
import type { SimulatorCore } from '../core';
import type { SimRequest, SimResponse } from '../http';
import type { TenantRuntime } from '../state';
import { decideSignIn, type AuthorizeParams, type SignInOutcome } from './entra-decision';
import { acceptConsent, recordSignIn, requestApproval } from './effects';
import { renderDeclined, renderOutcome, renderRequestSent, type PageContext } from './pages';

export interface SignInResult {
  response: SimResponse;
  tenant?: TenantRuntime;
  clientId?: string | null;
}

const AUTHORIZE = /^\/([^/]+)\/oauth2\/v2\.0\/authorize\/?$/;
const MAX_FORM_BYTES = 64 * 1024;

function html(status: number, body: string): SimResponse {
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      // Inline CSS only; no scripts at all.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
    },
    body,
  };
}

function param(source: URLSearchParams, name: string): string | null {
  const v = source.get(name);
  return v === null || v.trim() === '' ? null : v.trim().slice(0, 4000);
}

function readParams(source: URLSearchParams): AuthorizeParams {
  return {
    clientId: param(source, 'client_id'),
    scope: param(source, 'scope'),
    prompt: param(source, 'prompt'),
    loginHint: param(source, 'login_hint'),
    redirectUri: param(source, 'redirect_uri'),
  };
}

/** Returns null when the path is not the authorize endpoint. */
export function handleSignIn(core: SimulatorCore, req: SimRequest, now: Date = new Date()): SignInResult | null {
  const match = AUTHORIZE.exec(req.url.pathname);
  if (!match) return null;
  if (req.method !== 'GET' && req.method !== 'POST') return { response: html(405, 'Method not allowed') };
  const tenantKey = decodeURIComponent(match[1]);
  const tenant = core.findTenant(tenantKey);
  if (!tenant) {
    return {
      response: html(
        400,
        `<!DOCTYPE html><title>Sign in</title><p>AADSTS90002: Tenant '${escapeText(tenantKey)}' not found.</p>`,
      ),
    };
  }
  if (req.method === 'POST' && req.body.length > MAX_FORM_BYTES)
    return { response: html(413, 'Request too large'), tenant };
  const form = req.method === 'POST' ? new URLSearchParams(req.body.toString('utf8')) : req.url.searchParams;
  const params = readParams(form);
  const appElsewhere = params.clientId ? (core.appDefinition(params.clientId, 'pending') ?? null) : null;
  const decide = (p: AuthorizeParams): SignInOutcome => decideSignIn({ tenant: tenant.data, params: p, appElsewhere });
  const outcome = decide(params);
  const ctx: PageContext = {
    action: `/${encodeURIComponent(tenantKey)}/oauth2/v2.0/authorize`,
    tenantName: tenant.data.tenant.displayName,
    tenantKey,
    params,
    users: tenant.data.users.filter((u) => u.accountEnabled !== false),
    now,
    code: randomBytes(24).toString('base64url'),
  };
  const record = (o: SignInOutcome, errorCode?: number) =>
    recordSignIn(tenant, o, { now, loginHint: params.loginHint, appId: params.clientId, errorCode });
  const done = (body: string, status = 200): SignInResult => ({
    response: html(status, body),
    tenant,
    clientId: params.clientId,
  });

  if (req.method === 'POST') {
    const action = form.get('action');
    if (action === 'accept' && outcome.kind === 'consent') {
      acceptConsent(tenant, outcome, {
        forOrganization: outcome.forOrganization || form.get('consent_for_org') === 'true',
        appDefinition: appElsewhere,
      });
      // Consent just happened: the same request without a forced prompt now signs in.
      const after = decide({ ...params, prompt: null });
      record(after);
      return done(renderOutcome(after, ctx));
    }
    if (action === 'cancel' && outcome.kind === 'consent') {
      record(outcome, 65004);
      return done(renderDeclined(outcome, ctx), 400);
    }
    if (action === 'request' && outcome.kind === 'approval_required') {
      requestApproval(tenant, outcome, form.get('justification') ?? '', now);
      return done(renderRequestSent(outcome, ctx));
    }
    // A stale form (the state changed since the page was shown): show what Entra shows now.
  }
  record(outcome);
  return done(renderOutcome(outcome, ctx), outcome.kind === 'error' ? 400 : 200);
}

function escapeText(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
