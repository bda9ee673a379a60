// The no-database ceiling of Recur's webhook intake on this stack (issue 17): Hono on
// @hono/node-server, the stripe SDK's constructEvent (the same signature check, on the raw body),
// and a Map instead of a database. Whatever Recur does beyond this costs its share of the figure.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import Stripe from 'stripe';

const secret = process.env.STRIPE_WEBHOOK_SECRET ?? '';
const stripe = new Stripe('sk_test_ceiling');
const received = new Map<string, Stripe.Event>();

const app = new Hono();
app.post('/webhooks/stripe', async (c) => {
  const body = await c.req.text();
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, c.req.header('stripe-signature') ?? '', secret);
  } catch {
    return c.json({ error: 'bad signature' }, 400);
  }
  received.set(event.id, event);
  return c.json({ received: true });
});
app.get('/count', (c) => c.json({ count: received.size }));

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  console.log(`listening ${info.port}`);
});
process.on('SIGTERM', () => process.exit(0));
