import type Stripe from 'stripe';
import { TEST_WEBHOOK_SECRET, type TestRecur } from './recur';

/** Posts an event the way Stripe does, signed with the test secret. */
export async function deliver(recur: TestRecur, event: Stripe.Event | object): Promise<Response> {
  const payload = JSON.stringify(event);
  const signature = recur.stripe.webhooks.generateTestHeaderString({ payload, secret: TEST_WEBHOOK_SECRET });
  return recur.app.request('/webhooks/stripe', {
    method: 'POST',
    body: payload,
    headers: { 'stripe-signature': signature, 'content-type': 'application/json' },
  });
}

/** Every event the emulator holds, oldest first. */
export async function allEvents(stripe: Stripe): Promise<Stripe.Event[]> {
  const events: Stripe.Event[] = [];
  for await (const event of stripe.events.list({ limit: 100 })) events.push(event);
  return events.reverse();
}
