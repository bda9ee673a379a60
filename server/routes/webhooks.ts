import { Hono } from 'hono';
import { applyStoredEvent } from '../stripe/applyEvent';
import { storeEvent, verifyWebhook } from '../stripe/ingest';
import type { AppDeps } from '../deps';

/** Stripe's deliveries: verified with the SDK, stored once, then applied. */
export function webhookRoutes({ stripe, db, log, webhookSecret }: AppDeps) {
  return new Hono().post('/stripe', async (c) => {
    const raw = await c.req.text();
    const event = await verifyWebhook(stripe, raw, c.req.header('stripe-signature'), webhookSecret);
    const { event: row, duplicate } = await storeEvent(db, event);
    if (!duplicate) await applyStoredEvent(row, { stripe, db, log });
    // A stored event is Recur's to apply and retry from here on; Stripe need not resend it.
    return c.json({ received: true, duplicate });
  });
}
