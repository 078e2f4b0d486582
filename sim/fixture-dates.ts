/**
 * Fixture dates relative to now. A fixture is a snapshot: its dates describe the tenant as of one
 * instant (`datesAsOf`, else the newest event in it). Plain ISO dates stay valid and are served as
 * they are; with `relativeDates` (local mode) every event date is moved by (now - datesAsOf), so a
 * request raised "two days before the snapshot" was raised two days ago, and a digest in 2026 never
 * shows a request "expiring 2025-07-10".
 */
import type { TenantFixture } from './fixture';

/** The instant the fixture's dates describe: `datesAsOf`, or the newest sign-in or consent request. */
export function snapshotInstant(fixture: TenantFixture, declared: unknown): string | null {
  if (typeof declared === 'string' && !Number.isNaN(Date.parse(declared))) return new Date(declared).toISOString();
  const events = [
    ...fixture.signIns.map((s) => s.createdDateTime),
    ...fixture.appConsentRequests.flatMap((r) => r.userConsentRequests.map((u) => u.createdDateTime)),
  ]
    .map((d) => Date.parse(d))
    .filter((t) => Number.isFinite(t));
  return events.length > 0 ? new Date(Math.max(...events)).toISOString() : null;
}

function shift(value: string | null | undefined, deltaMs: number): string | null | undefined {
  if (typeof value !== 'string') return value;
  const t = Date.parse(value);
  return Number.isFinite(t) ? new Date(t + deltaMs).toISOString().replace(/\.000Z$/, 'Z') : value;
}

/** A copy of the fixture with every event date moved so that `datesAsOf` becomes `now`. */
export function withDatesRelativeTo(fixture: TenantFixture, now: Date): TenantFixture {
  const out = structuredClone(fixture);
  const asOf = out.datesAsOf ? Date.parse(out.datesAsOf) : NaN;
  out.datesAsOf = now.toISOString();
  out.datesLive = true;
  if (!Number.isFinite(asOf)) return out;
  const delta = now.getTime() - asOf;
  for (const s of out.signIns) s.createdDateTime = shift(s.createdDateTime, delta) as string;
  for (const a of out.appRoleAssignments) a.createdDateTime = shift(a.createdDateTime, delta) ?? undefined;
  for (const r of out.appConsentRequests) {
    for (const u of r.userConsentRequests) {
      u.createdDateTime = shift(u.createdDateTime, delta) as string;
      for (const stage of u.approval?.stages ?? [])
        stage.reviewedDateTime = shift(stage.reviewedDateTime, delta) ?? null;
    }
  }
  return out;
}
