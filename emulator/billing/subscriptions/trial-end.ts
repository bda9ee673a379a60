import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import { endSubscription } from './subscription-end';
import { saveSubscription } from './subscription-save';
import { idOf } from '../../refs';

/** Whether an invoice of the subscription would have something to charge. */
export function hasPaymentMethod(sub: Stripe.Subscription, customer: Stripe.Customer): boolean {
  return idOf(sub.default_payment_method) !== null || idOf(customer.invoice_settings.default_payment_method) !== null || idOf(customer.default_source) !== null;
}

/**
 * A trial ending with nothing to charge follows `trial_settings.end_behavior.missing_payment_method`
 * ("how the subscription should change when the trial ends if the user did not provide a payment
 * method", API reference): `pause` or `cancel`. Returns null when the subscription carries on and
 * is invoiced as usual (`create_invoice`, the default, or a payment method is there).
 * `ended` is the subscription as it is once the trial is over; `current` as it was stored.
 */
export function stopAtTrialEnd(rt: Runtime, current: Stripe.Subscription, ended: Stripe.Subscription, origin: EventOrigin): Stripe.Subscription | null {
  const customer = rt.store.customers.get(idOf(current.customer) ?? '');
  if (!customer || hasPaymentMethod(ended, customer)) return null;
  const behaviour = current.trial_settings?.end_behavior.missing_payment_method;
  if (behaviour === 'cancel') {
    if (ended !== current) rt.store.subscriptions.replace(ended);
    return endSubscription(rt, ended, 'cancellation_requested', origin);
  }
  if (behaviour !== 'pause') return null;
  const paused = saveSubscription(rt, current, { ...ended, status: 'paused' }, origin);
  rt.bus.publish({ type: 'customer.subscription.paused', data: { object: paused } }, origin);
  return paused;
}

/**
 * customer.subscription.trial_will_end "occurs three days before a subscription's trial period is
 * scheduled to end, or when a trial is ended immediately (using trial_end=now)" (event types
 * reference); the three-day notice is the scheduler's, this is the immediate one.
 */
export function announceTrialEndedNow(rt: Runtime, sub: Stripe.Subscription, origin: EventOrigin): void {
  if (sub.trial_end === null || rt.store.billing.trialNoticeSent.get(sub.id) === sub.trial_end) return;
  rt.store.billing.trialNoticeSent.set(sub.id, sub.trial_end);
  rt.bus.publish({ type: 'customer.subscription.trial_will_end', data: { object: sub } }, origin);
}
