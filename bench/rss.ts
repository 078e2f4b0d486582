/**
 * Peak resident set size of this process, sampled every 50 ms (plus once at each read), so a
 * benchmark run reports the most memory the bot, simulator and harness held together.
 */
export interface RssSampler {
  /** Peak so far, in MB. */
  peakMb(): number;
  /** Stops sampling; returns the peak in MB. */
  stop(): number;
}

const MB = 1024 * 1024;

export function startRssSampler(intervalMs = 50): RssSampler {
  let peak = process.memoryUsage.rss();
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  const peakMb = () => {
    sample();
    return Math.round((peak / MB) * 10) / 10;
  };
  return {
    peakMb,
    stop: () => {
      clearInterval(timer);
      return peakMb();
    },
  };
}
