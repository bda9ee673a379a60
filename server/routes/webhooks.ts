import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { verifyWebhook } from '../stripe/inbox/verify';
import type { AppDeps } from '../deps';

/**
 * Stripe documents no largest event, but what an event carries is bounded: metadata is at most 50
 * keys of 40 and 500 characters (docs.stripe.com/api/metadata), lists inside objects come a page at a
 * time, so real events weigh kilobytes to tens of kilobytes. 1 MiB leaves a wide margin and bounds
 * what an unverified request can make Recur hold in memory before the signature is checked.
 */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/**
 * Stripe's deliveries: verified with the SDK, made durable, acknowledged. Applying them is the
 * worker's job, in the background, so Stripe gets its 2xx fast.
 */
export function webhookRoutes({ stripe, webhookSecret, inbox }: AppDeps) {
  const limit = bodyLimit({
    maxSize: MAX_WEBHOOK_BYTES,
    onError: () => {
      throw new HTTPException(413, { message: `A webhook body may be at most ${MAX_WEBHOOK_BYTES} bytes` });
    },
  });
  return new Hono().post('/stripe', limit, async (c) => {
    const event = await verifyWebhook(stripe, await c.req.text(), c.req.header('stripe-signature'), webhookSecret);
    const duplicate = await inbox.record(event);
    return c.json({ received: true, duplicate });
  });
}
