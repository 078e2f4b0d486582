/**
 * What a person is told when they reach a limit: which limit, in plain words, and when they can
 * go on. Pure.
 */
export type LimitKind = 'messages' | 'diagnoses' | 'new_requests' | 'pending_requests' | 'graph_reads';
export type LimitScope = 'user' | 'tenant';

export interface LimitHit {
  kind: LimitKind;
  scope: LimitScope;
  limit: number;
  /** Seconds until the window ends (0 for the pending cap: it frees up when a request closes). */
  retryAfterSeconds: number;
}

function wait(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(1, Math.ceil(seconds))} seconds`;
  if (seconds < 90 * 60) return `about ${Math.ceil(seconds / 60)} minutes`;
  return `about ${Math.ceil(seconds / 3600)} hours`;
}

export function limitText(hit: LimitHit): string {
  const later = wait(hit.retryAfterSeconds);
  if (hit.scope === 'tenant') {
    const what =
      hit.kind === 'new_requests'
        ? 'sent the admins as many new requests as I send in a day'
        : 'had a lot of questions from your organisation at once';
    return `Sorry, I have ${what}, so I did not do anything with this message. Nothing was lost: please try again in ${later}.`;
  }
  switch (hit.kind) {
    case 'messages':
      return `You have sent me ${hit.limit} messages in the last minute, which is the most I take from one person, so I did not look at this one. Please wait ${later} and ask again.`;
    case 'diagnoses':
      return `I have already checked ${hit.limit} apps for you in the last hour, which is the most I check for one person, so I did not check this one. Please try again in ${later}; type **status** to see your requests.`;
    case 'new_requests':
      return `You have asked the admins for ${hit.limit} new approvals today, which is the most I send for one person in a day, so I did not send this one. Please try again in ${later}, or type **status** to see the requests already waiting.`;
    case 'graph_reads':
      return `Answering this needed more lookups in Microsoft Entra ID than I make for one message (${hit.limit}), so I stopped; nothing was saved or changed. Tell me the app's exact name, or paste the link from the approval page, and I will check again.`;
    case 'pending_requests':
      return `You already have ${hit.limit} requests waiting for the admins, which is the most one person can have open at once, so I did not send a new one. Type **status** to see them, and **cancel** one you no longer need.`;
  }
}

/** Thrown where a limit stops the work; src/teams/handlers/failures.ts turns it into limitText. */
export class LimitReachedError extends Error {
  constructor(readonly hit: LimitHit) {
    super(`limit reached: ${hit.kind} per ${hit.scope} (${hit.limit})`);
    this.name = 'LimitReachedError';
  }

  get text(): string {
    return limitText(this.hit);
  }
}
