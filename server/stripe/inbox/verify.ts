import type Stripe from 'stripe';
import { BadRequestError } from '../../errors';
import { eventProblem } from '../eventShape';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../../shared/json';

/** Stripe's own default: a signature older than 5 minutes is a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * The body each verified event arrived as, so the inbox stores those bytes instead of serialising
 * the parsed event again (a JSON.stringify per delivery on the request thread, the busiest one).
 */
const deliveredBodies = new WeakMap<Stripe.Event, string>();

/** The event as delivered when it came through a webhook, else serialised (events read back from GET /v1/events). */
export function payloadOf(event: Stripe.Event): string {
  return deliveredBodies.get(event) ?? JSON.stringify(event);
}

/** Verifies a delivery with the SDK; anything unverifiable is refused before it touches the database. */
export async function verifyWebhook(stripe: Stripe, rawBody: string, signature: string | undefined, secret: string): Promise<Stripe.Event> {
  if (!signature) throw new BadRequestError('Missing Stripe-Signature header');
  // Stripe's events nest about a dozen levels. Deeper JSON is refused before the SDK parses it:
  // stored, it would overflow the stack of every JSON.stringify (the admin's payload viewer) later.
  if (nestsDeeperThan(rawBody, MAX_JSON_DEPTH)) throw new BadRequestError(`The webhook body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep`);
  let event: Stripe.Event;
  try {
    event = await stripe.webhooks.constructEventAsync(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (error) {
    throw new BadRequestError(`Webhook signature verification failed: ${(error as Error).message}`);
  }
  // The SDK only refuses timestamps too far in the past; a future one is as much a replay risk
  // (a signature made with a stolen secret and a far-future t would stay valid for years).
  const signedAt = Number(/(?:^|,)\s*t=(\d{1,12})(?:,|$)/.exec(signature)?.[1]);
  if (!Number.isFinite(signedAt) || Math.abs(Date.now() / 1000 - signedAt) > SIGNATURE_TOLERANCE_SECONDS) {
    throw new BadRequestError('Webhook signature verification failed: timestamp outside the tolerance zone');
  }
  // Signed, so from the holder of the secret; still refused when a field is impossible (eventShape.ts).
  const problem = eventProblem(event);
  if (problem) throw new BadRequestError(`The webhook body is not a possible Stripe event: ${problem}`);
  deliveredBodies.set(event, rawBody);
  return event;
}
