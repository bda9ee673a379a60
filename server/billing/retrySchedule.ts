import type { StripeMode } from '../config';

export interface RetrySchedule {
  source: 'stripe' | 'emulator';
  description: string;
  /** days after the first failure, when Recur knows them */
  days: number[] | null;
}

// The emulator's default (emulator/billing/state.ts). Recur cannot read it (the emulator is only
// reachable through the Stripe SDK), so it is written down here; a test pins the two together.
export const EMULATOR_RETRY_DAYS = [1, 3, 7];

/** The dunning schedule as Recur knows it: Stripe's own settings are not readable through its API. */
export function retrySchedule(mode: StripeMode): RetrySchedule {
  if (mode === 'emulator') {
    return {
      source: 'emulator',
      days: EMULATOR_RETRY_DAYS,
      description: `The emulator retries a failed renewal ${EMULATOR_RETRY_DAYS.length} times, ${EMULATOR_RETRY_DAYS.join(', ')} days after the first failure, then cancels the subscription.`,
    };
  }
  return {
    source: 'stripe',
    days: null,
    description:
      "Stripe's Smart Retries choose when to retry a failed renewal (Stripe recommends up to 8 tries within 2 weeks); the schedule and what follows the last retry are set in the Stripe Dashboard under Billing → Revenue recovery.",
  };
}
