/**
 * A synthetic but consistent Stripe event stream: for each customer, its creation, a
 * subscription that goes active → past_due → active, and two paid invoices. Parents always come
 * before children, as Stripe sends them, so no event needs a lookup in Stripe to apply.
 */
export function customerLifecycleStream(customers: number, priceId: string, startAt = Math.floor(Date.now() / 1000) - 600): object[] {
  const events: object[] = [];
  let seq = 0;
  const event = (type: string, created: number, object: object) => ({
    id: `evt_stream_${++seq}`,
    object: 'event',
    type,
    created,
    api_version: '2026-10-28.endive',
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  });
  const subscription = (i: number, status: string, created: number) => ({
    id: `sub_stream_${i}`,
    object: 'subscription',
    customer: `cus_stream_${i}`,
    status,
    currency: 'usd',
    cancel_at_period_end: false,
    canceled_at: null,
    trial_end: null,
    metadata: {},
    items: {
      object: 'list',
      data: [
        {
          id: `si_stream_${i}`,
          object: 'subscription_item',
          quantity: 1 + (i % 3),
          current_period_start: created,
          current_period_end: created + 2_592_000,
          price: { id: priceId, object: 'price', unit_amount: 1900, currency: 'usd', recurring: { interval: 'month', interval_count: 1 } },
        },
      ],
    },
  });
  const invoice = (i: number, n: number, created: number) => ({
    id: `in_stream_${i}_${n}`,
    object: 'invoice',
    customer: `cus_stream_${i}`,
    status: 'paid',
    currency: 'usd',
    amount_due: 1900,
    amount_paid: 1900,
    amount_remaining: 0,
    attempt_count: 1,
    billing_reason: n === 1 ? 'subscription_create' : 'subscription_cycle',
    number: `S-${i}-${n}`,
    next_payment_attempt: null,
    period_start: created,
    period_end: created,
    status_transitions: { paid_at: created },
    parent: { type: 'subscription_details', subscription_details: { subscription: `sub_stream_${i}` } },
    lines: { object: 'list', data: [] },
  });
  for (let i = 0; i < customers; i++) {
    const t = startAt + (i % 50);
    events.push(
      event('customer.created', t, {
        id: `cus_stream_${i}`,
        object: 'customer',
        email: `stream${i}@example.com`,
        name: `Stream ${i}`,
        currency: 'usd',
        metadata: {},
      }),
    );
    events.push(event('customer.subscription.created', t, subscription(i, 'active', t)));
    events.push(event('invoice.paid', t, invoice(i, 1, t)));
    events.push(event('customer.subscription.updated', t + 60, subscription(i, 'past_due', t)));
    events.push(event('customer.subscription.updated', t + 120, subscription(i, i % 4 === 0 ? 'canceled' : 'active', t)));
    events.push(event('invoice.paid', t + 120, invoice(i, 2, t + 120)));
  }
  return events.sort((a, b) => (a as { created: number }).created - (b as { created: number }).created);
}
