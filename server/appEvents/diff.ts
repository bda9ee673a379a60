import type { AppEventType } from './emit';
import type { NewAppEvent } from './insert';
import type { CustomerFacts, PaymentState, SubscriptionState } from './stateRows';

/** What an app acts on; bookkeeping (last event time, totals) changing alone is no event. */
const WATCHED = [
  'status',
  'planId',
  'items',
  'currency',
  'recurringAmount',
  'interval',
  'intervalCount',
  'currentPeriodEnd',
  'cancelAtPeriodEnd',
  'canceledAt',
  'trialEnd',
  'pauseBehavior',
  'pausedUntil',
] as const satisfies readonly (keyof SubscriptionState)[];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The subscription in a payload: the local id is the one the API and admin use. */
export function presentSubscription(s: SubscriptionState) {
  const { customerId: _customerId, createdAt: _createdAt, quantity: _quantity, ...shown } = s;
  return shown;
}

/**
 * subscription.created for a row the batch made, subscription.canceled when it turned canceled,
 * subscription.updated for any other change of a watched field (with `previous`, the old values
 * of the fields that changed, as Stripe's previous_attributes). An older or duplicated Stripe
 * event leaves the row as it was, and so makes no event. Changes between two comparisons of the
 * worker (notice.ts) come as one event with the latest state.
 */
export function subscriptionEvents(before: readonly SubscriptionState[], after: readonly SubscriptionState[], who: CustomerFacts): NewAppEvent[] {
  const old = new Map(before.map((s) => [s.id, s]));
  const events: NewAppEvent[] = [];
  for (const now of after) {
    const was = old.get(now.id);
    if (!was) {
      events.push({ type: 'subscription.created', data: { ...who, subscription: presentSubscription(now) } });
      // Made and ended between two comparisons (a Checkout abandoned, a burst): an app that
      // listens for cancellations alone still hears of this one.
      if (now.status === 'canceled') events.push({ type: 'subscription.canceled', data: { ...who, subscription: presentSubscription(now), previous: {} } });
      continue;
    }
    const changed = WATCHED.filter((field) => !same(was[field], now[field]));
    if (!changed.length) continue;
    const previous = Object.fromEntries(changed.map((field) => [field, was[field]]));
    const type: AppEventType = now.status === 'canceled' && was.status !== 'canceled' ? 'subscription.canceled' : 'subscription.updated';
    events.push({ type, data: { ...who, subscription: presentSubscription(now), previous } });
  }
  return events;
}

const PAYMENT_EVENT: Record<string, AppEventType> = {
  succeeded: 'payment.succeeded',
  failed: 'payment.failed',
  requires_action: 'payment.action_required',
};

/** One event per payment attempt outcome Recur recorded: a new row, or a row waiting for authentication that got its outcome. */
export function paymentEvents(before: readonly Pick<PaymentState, 'id' | 'status'>[], after: readonly PaymentState[], who: CustomerFacts): NewAppEvent[] {
  const old = new Map(before.map((p) => [p.id, p.status]));
  const events: NewAppEvent[] = [];
  for (const payment of [...after].sort((a, b) => a.id - b.id)) {
    const type = PAYMENT_EVENT[payment.status];
    if (!type || old.get(payment.id) === payment.status) continue;
    const { customerId: _customerId, ...shown } = payment;
    events.push({ type, data: { ...who, payment: shown } });
  }
  return events;
}
