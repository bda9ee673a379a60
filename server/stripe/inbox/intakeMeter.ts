/**
 * How many Stripe deliveries arrived in about the last second: a burst is under way when that is
 * high. Background work that shares the request thread and the database (outgoing webhooks) waits
 * for a burst to pass, so it never slows intake. Per process, a pacing hint only: nothing correct
 * depends on it.
 */
export interface IntakeMeter {
  note(now?: number): void;
  /** deliveries in the current and the previous one-second window, weighted to one second */
  perSecond(now?: number): number;
}

export function createIntakeMeter(): IntakeMeter {
  let windowStart = 0;
  let current = 0;
  let previous = 0;
  const roll = (now: number) => {
    const window = Math.floor(now / 1000) * 1000;
    if (window === windowStart) return;
    previous = window - windowStart === 1000 ? current : 0;
    current = 0;
    windowStart = window;
  };
  return {
    note(now = Date.now()) {
      roll(now);
      current++;
    },
    perSecond(now = Date.now()) {
      roll(now);
      const intoWindow = (now - windowStart) / 1000;
      return current + previous * (1 - intoWindow);
    },
  };
}
