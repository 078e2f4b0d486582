/**
 * The scheduled digest for the admins' channel. However long the queue, the card stays under the
 * size limit: each section shows its top n items and says how many more there are, with n chosen
 * by binary search (fitToSize).
 */
import type { DigestEntraItem, DigestPendingItem, DigestViewModel } from './digest-model';
import { ENTRA_CONSENT_REQUESTS_URL, safeHttpsUrl } from './links';
import { expandTemplate } from './render';
import { CARD_MAX_BYTES, fitToSize } from './size';
import template from './templates/digest.json';
import { LIMITS, age, cardDate, md, plainDate, plural } from './text';
import type { AdaptiveCard } from './types';

/** Above this many items a section is long enough that nobody reads further in a chat message. */
const MAX_ITEMS_PER_SECTION = 100;

interface Line {
  text: string;
  sortKey: string;
}

const TEAMS_HOSTS = new Set(['teams.microsoft.com', 'teams.cloud.microsoft']);

/** A markdown link to a Teams thread; anything else is dropped, and characters that end a link are encoded. */
function link(label: string, url: string | null): string {
  const safe = safeHttpsUrl(url);
  if (!safe || !TEAMS_HOSTS.has(new URL(safe).hostname)) return '';
  return ` [${label}](${safe.replace(/[()\s<>]/g, (c) => encodeURIComponent(c))})`;
}

function pendingLine(p: DigestPendingItem, now: string): string {
  const failed =
    p.failedWith !== undefined
      ? ` The approved fix failed (${md(p.failedWith, LIMITS.error)}): approve again or deny on the card.`
      : '';
  return `**${md(p.appName, LIMITS.name)}**, asked by ${md(p.requester, LIMITS.name)}, waiting ${age(p.createdAt, now)}. Proposed: ${md(p.proposedFix, LIMITS.line)}.${failed}${link('Open the card', p.threadUrl)}`;
}

function entraLine(e: DigestEntraItem): string {
  const expires = e.expiresAt ? `, expires ${plainDate(e.expiresAt)}` : '';
  const marker = e.alreadyGranted ? ' **Already granted — close it in Entra.**' : '';
  return `**${md(e.appName, LIMITS.name)}** (${md(e.appId, 64)}), asked by ${md(e.requester, LIMITS.name)} on ${plainDate(e.createdAt)}${expires}.${marker}`;
}

function isSoon(expiresAt: string | null, now: string, days: number): boolean {
  if (!expiresAt) return false;
  const left = Date.parse(expiresAt) - Date.parse(now);
  return Number.isFinite(left) && left >= 0 && left <= days * 86_400_000;
}

const NOTHING_HERE = 'Nothing here.';

function section(heading: string, lines: Line[], n: number, seeAll: string, emptyText: string = NOTHING_HERE) {
  const shown = lines.slice(0, n);
  const more = lines.length - shown.length;
  return {
    heading,
    isEmpty: lines.length === 0,
    emptyText,
    items: shown.map((l) => ({ text: l.text })),
    hasMore: more > 0,
    moreText: `…and ${more} more. ${md(seeAll, LIMITS.line)}`,
  };
}

export function digestCard(vm: DigestViewModel, maxBytes: number = CARD_MAX_BYTES): AdaptiveCard {
  const pending: Line[] = [...vm.pending]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((p) => ({ text: pendingLine(p, vm.now), sortKey: p.createdAt }));
  const entra: Line[] = vm.entra
    .map((e) => ({ text: entraLine(e), sortKey: e.expiresAt ?? e.createdAt }))
    .sort((a, b) => a.sortKey.localeCompare(b.sortKey));
  const soon: Line[] = [
    ...vm.pending
      .filter((p) => isSoon(p.expiresAt, vm.now, vm.expiringSoonDays))
      .map((p) => ({
        p: p.expiresAt ?? '',
        t: `Bot request: **${md(p.appName, LIMITS.name)}** for ${md(p.requester, LIMITS.name)}`,
      })),
    ...vm.entra
      .filter((e) => isSoon(e.expiresAt, vm.now, vm.expiringSoonDays))
      .map((e) => ({
        p: e.expiresAt ?? '',
        t: `Entra request: **${md(e.appName, LIMITS.name)}** for ${md(e.requester, LIMITS.name)}`,
      })),
  ]
    .sort((a, b) => a.p.localeCompare(b.p))
    .map((s) => ({ text: `${s.t}, expires ${plainDate(s.p)}.`, sortKey: s.p }));

  const unreadable = vm.entraNote?.kind === 'unreadable';
  const granted = vm.entra.filter((e) => e.alreadyGranted).length;
  const oldest = pending[0]?.sortKey;
  const totals = [
    {
      title: 'Waiting for approval here',
      value: `${pending.length}${oldest ? ` (oldest waiting ${age(oldest, vm.now)})` : ''}`,
    },
    {
      title: 'Entra consent requests in progress',
      value: unreadable
        ? 'unknown (not readable, see above)'
        : `${entra.length}${granted > 0 ? ` (${granted} already granted)` : ''}`,
    },
    { title: `Expiring within ${plural(vm.expiringSoonDays, 'day')}`, value: String(soon.length) },
  ];
  const build = (n: number): AdaptiveCard =>
    expandTemplate(template, {
      title: `Consent Doctor digest, ${cardDate(vm.now)}`,
      hasDecidedHereNote: vm.entraNote?.kind === 'decided_here',
      decidedHereNote: vm.entraNote?.text ?? '',
      hasUnreadableNote: unreadable,
      unreadableNote: vm.entraNote?.text ?? '',
      totals,
      sections: [
        section('Waiting for approval in this channel (oldest first)', pending, n, vm.seeAllText),
        section(
          'Entra admin consent workflow: in progress',
          entra,
          n,
          'Open them all in Entra with the button below.',
          unreadable ? 'Not available: see the note above.' : NOTHING_HERE,
        ),
        section('Expiring soon', soon, n, vm.seeAllText),
      ],
      entraUrl: ENTRA_CONSENT_REQUESTS_URL,
    });
  const longest = Math.max(pending.length, entra.length, soon.length);
  return fitToSize(build, maxBytes, Math.min(longest, MAX_ITEMS_PER_SECTION)).value;
}
