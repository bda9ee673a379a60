import type { Plan, Subscription } from '../db/models';
import { ConflictError } from '../errors';
import { intervalChangeNotice, type BillingPeriod, type IntervalChange } from '../../shared/actions';

interface Priced {
  currency: string;
  interval: BillingPeriod['interval'];
  intervalCount: number;
}

/**
 * Stripe never changes a subscription's currency: an update to a price in another currency is
 * refused (and so would the preview be). Refused here first, with words an admin or customer can
 * act on, before anything is sent to Stripe.
 * https://support.stripe.com/questions/set-or-change-currency-for-an-invoice-or-customer-in-stripe-billing
 */
export function assertSameCurrency(current: Priced, plan: Pick<Plan, 'name' | 'currency'>): void {
  if (current.currency.toLowerCase() === plan.currency.toLowerCase()) return;
  throw new ConflictError(
    `${plan.name} is priced in ${plan.currency.toUpperCase()}, and this subscription pays in ${current.currency.toUpperCase()}. ` +
      'Stripe cannot change the currency of a subscription: choose a plan in the same currency, or start a new subscription.',
  );
}

/**
 * A price with another billing period (interval or interval count) resets the subscription's
 * billing cycle anchor to the time of the change, and the new period is invoiced at once
 * (docs.stripe.com/billing/subscriptions/upgrading-downgrading, "Billing periods";
 * docs.stripe.com/billing/subscriptions/billing-cycle). Null when the billing dates stay.
 */
export function intervalChangeOf(current: Priced, plan: Pick<Plan, 'interval' | 'intervalCount'>): IntervalChange | null {
  if (current.interval === plan.interval && current.intervalCount === plan.intervalCount) return null;
  return { from: { interval: current.interval, intervalCount: current.intervalCount }, to: { interval: plan.interval, intervalCount: plan.intervalCount } };
}

/** The apply call must say it saw the preview's warning: a reset billing date and a charge now are not implied. */
export function assertIntervalChangeConfirmed(change: IntervalChange | null, confirmed: boolean): void {
  if (!change || confirmed) return;
  throw new ConflictError(`${intervalChangeNotice(change)} Confirm the change to go ahead (confirmIntervalChange: true).`);
}

/** The subscription's own billing terms, as Recur mirrors them. */
export function pricedTerms(subscription: Subscription): Priced {
  return { currency: subscription.currency, interval: subscription.interval, intervalCount: subscription.intervalCount };
}
