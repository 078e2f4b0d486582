/**
 * The typing indicator of a turn whose answer takes a while: nothing for a quick answer, and never
 * an indicator after the answer.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';

/**
 * botbuilder's ShowTypingMiddleware defaults (`delay = 500, period = 2000`;
 * learn.microsoft.com/javascript/api/botbuilder-core/showtypingmiddleware and
 * learn.microsoft.com/dotnet/api/microsoft.bot.builder.showtypingmiddleware.-ctor): a typing flash
 * right before a quick answer tells the person nothing, and a slow one is repeated so it stays visible.
 */
export const TYPING_DELAY_MS = 500;
export const TYPING_PERIOD_MS = 2000;

/** Runs `run` after `ms`; the returned function cancels it. Injected so tests drive time themselves. */
export type Schedule = (run: () => void, ms: number) => () => void;

export const systemSchedule: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export interface TypingIndicator {
  /** No indicator starts after this; resolves once the one on its way (if any) has been sent. */
  stop(): Promise<void>;
}

/**
 * The first `send` after TYPING_DELAY_MS, then one every TYPING_PERIOD_MS after the previous one
 * went out, until stopped. A failed send goes to `onError` and the indicator carries on.
 */
export function startTypingIndicator(
  send: () => Promise<void>,
  onError: (err: unknown) => void,
  schedule: Schedule = systemSchedule,
): TypingIndicator {
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  let cancel: () => void = () => undefined;
  const sendOnce = async (): Promise<void> => {
    try {
      await send();
    } catch (err) {
      onError(err);
    }
  };
  const tick = (): void => {
    if (stopped) return;
    inFlight = sendOnce().then(() => {
      if (!stopped) cancel = schedule(tick, TYPING_PERIOD_MS);
    });
  };
  cancel = schedule(tick, TYPING_DELAY_MS);
  return {
    stop: async () => {
      stopped = true;
      cancel();
      await inFlight;
    },
  };
}

/**
 * The indicator for this turn. The turn's first message stops it and waits for an indicator on its
 * way, so no indicator arrives after the answer; the caller stops it when the turn ends.
 */
export function typingWhileSlow(
  context: TurnContext,
  onError: (err: unknown) => void,
  schedule: Schedule = systemSchedule,
): TypingIndicator {
  const typing = startTypingIndicator(
    async () => {
      await context.sendActivity({ type: ActivityTypes.Typing });
    },
    onError,
    schedule,
  );
  context.onSendActivities(async (_context, activities, next) => {
    if (activities.some((a) => a.type !== ActivityTypes.Typing)) await typing.stop();
    return next();
  });
  return typing;
}
