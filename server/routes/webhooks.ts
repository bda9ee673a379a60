import { Hono } from 'hono';
import { verifyWebhook } from '../stripe/inbox/verify';
import type { AppDeps } from '../deps';

/**
 * Stripe's deliveries: verified with the SDK, made durable, acknowledged. Applying them is the
 * worker's job, in the background, so Stripe gets its 2xx fast.
 */
export function webhookRoutes({ stripe, webhookSecret, inbox }: AppDeps) {
  // The body's size (1 MiB) is limited before this runs, with every other route's: http/bodyLimits.tsx.
  return new Hono().post('/stripe', async (c) => {
    const event = await verifyWebhook(stripe, await c.req.text(), c.req.header('stripe-signature'), webhookSecret);
    const duplicate = await inbox.record(event);
    return c.json({ received: true, duplicate });
  });
}
