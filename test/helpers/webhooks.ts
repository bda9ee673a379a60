import type Stripe from 'stripe';
import { TEST_WEBHOOK_SECRET, type TestRecur } from './recur';

/** The POST Stripe sends for `payload`, signed with the test secret now. */
export function signedDelivery(stripe: Stripe, payload: string): RequestInit {
  const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: TEST_WEBHOOK_SECRET });
  return { method: 'POST', body: payload, headers: { 'stripe-signature': signature, 'content-type': 'application/json' } };
}

/** Posts an event the way Stripe does, signed with the test secret; a string is sent as the body it is. */
export function deliver(recur: TestRecur, event: Stripe.Event | object | string): Promise<Response> | Response {
  return recur.app.request('/webhooks/stripe', signedDelivery(recur.stripe, typeof event === 'string' ? event : JSON.stringify(event)));
}

/** Every event the emulator holds, oldest first. */
export async function allEvents(stripe: Stripe): Promise<Stripe.Event[]> {
  const events: Stripe.Event[] = [];
  for await (const event of stripe.events.list({ limit: 100 })) events.push(event);
  return events.reverse();
}
