import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';

/** The frozen time of the customer's test clock, or null when the customer lives on the wall clock. */
export function customerTime(rt: Runtime, customer: Stripe.Customer | string | null | undefined): number | null {
  const c = typeof customer === 'string' ? rt.store.customers.get(customer) : customer;
  const ref = c?.test_clock;
  if (!ref) return null;
  const clock = rt.store.testClocks.get(typeof ref === 'string' ? ref : ref.id);
  return clock ? clock.frozen_time : null;
}

/** Runs work on the customer's time, so what it creates carries the test clock's timestamps. */
export function withCustomerTime<T>(rt: Runtime, customer: Stripe.Customer | string | null | undefined, work: () => T): T {
  return rt.time.at(customerTime(rt, customer), work);
}
