import Stripe from 'stripe';

const signer = new Stripe('sk_test_bench');

/**
 * A consistent stream: each customer is created, then subscribed, then its invoice is paid. The
 * subscriptions carry several items, as businesses sell them (issue 14): 1–3 seats of the base
 * price, and an add-on on every other one.
 */
export function buildEventStream(customers: number, startAt = Math.floor(Date.now() / 1000) - 120): object[] {
  const events: object[] = [];
  let seq = 0;
  const event = (type: string, created: number, object: object) => ({
    id: `evt_bench_${++seq}`,
    object: 'event',
    type,
    created,
    api_version: '2026-10-28.endive',
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  });
  for (let i = 0; i < customers; i++) {
    const created = startAt + Math.floor(i / 1000);
    const customer = `cus_bench_${i}`;
    const subscription = `sub_bench_${i}`;
    events.push(
      event('customer.created', created, {
        id: customer,
        object: 'customer',
        email: `bench${i}@example.com`,
        name: `Bench ${i}`,
        currency: 'usd',
        metadata: {},
      }),
    );
    events.push(
      event('customer.subscription.updated', created, {
        id: subscription,
        object: 'subscription',
        customer,
        status: 'active',
        currency: 'usd',
        cancel_at_period_end: false,
        canceled_at: null,
        trial_end: null,
        metadata: {},
        items: { object: 'list', data: benchItems(i, created) },
      }),
    );
    events.push(
      event('invoice.paid', created, {
        id: `in_bench_${i}`,
        object: 'invoice',
        customer,
        status: 'paid',
        currency: 'usd',
        amount_due: 1900,
        amount_paid: 1900,
        amount_remaining: 0,
        attempt_count: 1,
        billing_reason: 'subscription_cycle',
        number: `BENCH-${i}`,
        next_payment_attempt: null,
        period_start: created,
        period_end: created,
        status_transitions: { paid_at: created },
        parent: { type: 'subscription_details', subscription_details: { subscription } },
        lines: { object: 'list', data: [] },
      }),
    );
  }
  return events;
}

function benchItems(i: number, created: number): object[] {
  const item = (id: string, price: string, amount: number, quantity: number) => ({
    id,
    object: 'subscription_item',
    quantity,
    current_period_start: created,
    current_period_end: created + 2_592_000,
    price: { id: price, object: 'price', unit_amount: amount, currency: 'usd', recurring: { interval: 'month', interval_count: 1 } },
  });
  const base = item(`si_bench_${i}`, 'price_bench', 1900, 1 + (i % 3));
  return i % 2 ? [base] : [base, item(`si_bench_${i}_addon`, 'price_bench_addon', 300, 1)];
}

export function signedRequest(event: object, secret: string): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(event);
  return { body, headers: { 'content-type': 'application/json', 'stripe-signature': signer.webhooks.generateTestHeaderString({ payload: body, secret }) } };
}
