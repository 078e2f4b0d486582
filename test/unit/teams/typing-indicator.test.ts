import {
  TYPING_DELAY_MS,
  TYPING_PERIOD_MS,
  startTypingIndicator,
  type Schedule,
} from '../../../src/teams/typing-indicator';

/** A clock the test moves by hand: the timers waiting, each with its delay. */
function manualClock() {
  const waiting: Array<{ run: () => void; ms: number }> = [];
  const schedule: Schedule = (run, ms) => {
    const timer = { run, ms };
    waiting.push(timer);
    return () => {
      const at = waiting.indexOf(timer);
      if (at >= 0) waiting.splice(at, 1);
    };
  };
  return {
    schedule,
    waiting,
    /** Fires the one waiting timer and lets the send it starts settle. */
    async fire(): Promise<void> {
      expect(waiting).toHaveLength(1);
      const [timer] = waiting.splice(0, 1);
      timer.run();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('the typing indicator', () => {
  it('sends nothing when stopped before the delay, and leaves no timer behind', async () => {
    const clock = manualClock();
    const send = jest.fn(async () => undefined);
    const typing = startTypingIndicator(send, jest.fn(), clock.schedule);
    expect(clock.waiting.map((t) => t.ms)).toEqual([TYPING_DELAY_MS]);
    await typing.stop();
    expect(send).not.toHaveBeenCalled();
    expect(clock.waiting).toEqual([]);
  });

  it('first after the delay, then once a period after each, until stopped', async () => {
    const clock = manualClock();
    const send = jest.fn(async () => undefined);
    const typing = startTypingIndicator(send, jest.fn(), clock.schedule);
    await clock.fire();
    expect(send).toHaveBeenCalledTimes(1);
    expect(clock.waiting.map((t) => t.ms)).toEqual([TYPING_PERIOD_MS]);
    await clock.fire();
    await clock.fire();
    expect(send).toHaveBeenCalledTimes(3);
    await typing.stop();
    expect(clock.waiting).toEqual([]);
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('stop waits for an indicator on its way and starts no further one', async () => {
    const clock = manualClock();
    let finish: () => void = () => undefined;
    const send = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const typing = startTypingIndicator(send, jest.fn(), clock.schedule);
    await clock.fire();
    let stopped = false;
    const stopping = typing.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(clock.waiting).toEqual([]);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('a failed send is reported and the indicator carries on', async () => {
    const clock = manualClock();
    const lost = new Error('connector down');
    const send = jest.fn().mockRejectedValueOnce(lost).mockResolvedValue(undefined);
    const onError = jest.fn();
    const typing = startTypingIndicator(send, onError, clock.schedule);
    await clock.fire();
    expect(onError).toHaveBeenCalledWith(lost);
    await clock.fire();
    expect(send).toHaveBeenCalledTimes(2);
    await typing.stop();
    expect(onError).toHaveBeenCalledTimes(1);
  });
});
