import type Stripe from 'stripe';
import { eventually } from './emulator';

export const DAY = 86_400;
const now = new Date();
/**
 * Test clocks start on the first of next month (UTC), so renewals land on known dates and the
 * events they make stay inside the 30-day window /v1/events keeps, which runs on the wall clock.
 */
export function monthStart(offset = 0): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1 + offset, 1) / 1000;
}
export const START = monthStart(0);

/** Advances a test clock and waits until Stripe (here, the emulator) reports it ready. */
export async function advanceClock(stripe: Stripe, clockId: string, to: number): Promise<Stripe.TestHelpers.TestClock> {
  const advancing = await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: to });
  if (advancing.status !== 'advancing') throw new Error(`expected advancing, got ${advancing.status}`);
  return eventually(
    () => stripe.testHelpers.testClocks.retrieve(clockId),
    (c) => c.status === 'ready',
  );
}

/** A customer on a fresh test clock with the given card as default payment method. */
export async function clockCustomer(
  stripe: Stripe,
  pm = 'pm_card_visa',
  frozen = START,
): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer }> {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozen, name: 'test' });
  const customer = await stripe.customers.create({
    email: 'clock@x.io',
    test_clock: clock.id,
    invoice_settings: { default_payment_method: pm },
  });
  return { clock, customer };
}

/** Events of a type about one object, oldest first. */
export async function eventsFor(stripe: Stripe, type: string, objectId: string): Promise<Stripe.Event[]> {
  const all = await stripe.events.list({ type, limit: 100 });
  return all.data.filter((e) => (e.data.object as { id?: string }).id === objectId).reverse();
}
