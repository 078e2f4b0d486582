/**
 * The digest card from plain data: the bot's pending requests, Entra's queue and the time. Pure.
 * However long the queue, the card stays under Teams' size limit (digestCard shows the top items of
 * each section and says how many more there are).
 */
import { digestCard } from '../cards/digest';
import { toDigestPendingItem, type DigestPendingItem, type DigestViewModel } from '../cards/digest-model';
import { teamsMessageUrl } from '../cards/links';
import { CARD_MAX_BYTES } from '../cards/size';
import { md } from '../cards/text';
import type { AdaptiveCard } from '../cards/types';
import type { ApprovalRequest } from '../requests/model';
import { isDecidable } from '../requests/state-machine';
import { entraDigestItems, expiringSoon, type EntraQueue } from './entra-requests';
import { decidedHereText } from './entra-handled';
import { requestExpiresAt } from './expiry';

/** "Expiring soon" = within this many days: a weekday digest then warns on Friday about Monday. */
export const EXPIRING_SOON_DAYS = 3;

export const SEE_ALL_TEXT =
  'Every request also has its own card in this channel; the oldest are listed first, so the rest move up here as these are handled.';

export interface DigestInput {
  now: Date;
  tenantId: string;
  /** The bot's requests still to decide: pending, or failed (to approve again); others are ignored. */
  pending: readonly ApprovalRequest[];
  entra: EntraQueue;
  requestExpiryDays: number;
  /** Entra requests decided here that Entra still shows as in progress (Graph cannot close them). */
  decidedHereInEntra?: number;
  maxBytes?: number;
}

export interface DigestSummary {
  pending: number;
  entra: number;
  alreadyGranted: number;
  expiringSoon: number;
  entraReadable: boolean;
}

export interface Digest {
  card: AdaptiveCard;
  summary: DigestSummary;
  /** One line for the notification preview. */
  preview: string;
}

export function toPendingItems(
  requests: readonly ApprovalRequest[],
  tenantId: string,
  expiryDays: number,
): DigestPendingItem[] {
  return (
    requests
      // Unconfirmed requests (an app the tenant does not have) reach the admins only once confirmed.
      .filter((r) => isDecidable(r.state) && !r.awaitingConfirmation)
      .map((r) => {
        const threadUrl = r.adminCard
          ? teamsMessageUrl(r.adminCard.conversationId, r.adminCard.activityId, tenantId)
          : null;
        // Only pending requests expire (src/digest/expire-requests.ts): a failed one waits for its admin.
        const expiresAt = r.state === 'pending' ? requestExpiresAt(r.createdAt, expiryDays) : null;
        return toDigestPendingItem(r, threadUrl, expiresAt, r.diagnosis.context ?? {});
      })
  );
}

/** The sentence the channel sees when Entra's queue could not be read. */
export function entraUnavailableText(entra: Extract<EntraQueue, { ok: false }>): string {
  const fix = entra.permission
    ? ` Grant the bot's app registration the Microsoft Graph application permission **${entra.permission}** (with admin consent) to see it here.`
    : ' I will try again with the next digest.';
  return `**Entra's admin consent requests could not be read:** ${md(entra.reason)}.${fix} Requests waiting in this channel are listed below as usual.`;
}

/** The note under the digest's title about Entra's queue, if there is something to say. */
function entraNote(input: DigestInput): Pick<DigestViewModel, 'entraNote'> {
  if (!input.entra.ok) return { entraNote: { kind: 'unreadable', text: entraUnavailableText(input.entra) } };
  const decided = input.decidedHereInEntra ?? 0;
  return decided > 0 ? { entraNote: { kind: 'decided_here', text: decidedHereText(decided) } } : {};
}

export function buildDigest(input: DigestInput): Digest {
  const maxBytes = input.maxBytes ?? CARD_MAX_BYTES;
  const pending = toPendingItems(input.pending, input.tenantId, input.requestExpiryDays);
  const entra = input.entra.ok ? entraDigestItems(input.entra) : [];
  const vm: DigestViewModel = {
    now: input.now.toISOString(),
    pending,
    entra,
    expiringSoonDays: EXPIRING_SOON_DAYS,
    seeAllText: SEE_ALL_TEXT,
    ...entraNote(input),
  };
  const summary: DigestSummary = {
    pending: pending.length,
    entra: entra.length,
    alreadyGranted: entra.filter((e) => e.alreadyGranted).length,
    expiringSoon: expiringSoon([...pending, ...entra], input.now, EXPIRING_SOON_DAYS).length,
    entraReadable: input.entra.ok,
  };
  return { card: digestCard(vm, maxBytes), summary, preview: previewText(summary) };
}

function previewText(s: DigestSummary): string {
  const entra = s.entraReadable ? `${s.entra} in Entra's queue` : "Entra's queue unreadable";
  return `Consent Doctor digest: ${s.pending} waiting here, ${entra}, ${s.expiringSoon} expiring soon`;
}
