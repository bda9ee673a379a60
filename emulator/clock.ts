// Every timestamp the emulator writes goes through a Clock so that test clocks can later
// move time for one customer's objects without touching the wall clock.
export interface Clock {
  /** Unix time in whole seconds, as Stripe reports it. */
  now(): number;
}

export const systemClock: Clock = {
  now: () => Math.floor(Date.now() / 1000),
};
