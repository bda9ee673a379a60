import type Stripe from 'stripe';
import { UniqueConstraintError } from 'sequelize';
import { StripeEvent } from '../db/models';
import type { Database } from '../db/sequelize';
import { BadRequestError } from '../errors';

/** Stripe's own default: a signature older than 5 minutes is a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface IngestResult {
  event: StripeEvent;
  duplicate: boolean;
}

/** Verifies a delivery with the SDK; anything unverifiable is refused before it touches the database. */
export async function verifyWebhook(stripe: Stripe, rawBody: string, signature: string | undefined, secret: string): Promise<Stripe.Event> {
  if (!signature) throw new BadRequestError('Missing Stripe-Signature header');
  try {
    return await stripe.webhooks.constructEventAsync(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (error) {
    throw new BadRequestError(`Webhook signature verification failed: ${(error as Error).message}`);
  }
}

/** Stores the event once: Stripe redelivers, and the inbox is keyed by its event id. */
export async function storeEvent(db: Database, event: Stripe.Event): Promise<IngestResult> {
  const object = event.data.object as { object?: string; id?: string };
  try {
    const row = await db.write((transaction) =>
      StripeEvent.create(
        {
          id: event.id,
          type: event.type,
          objectType: object.object ?? null,
          objectId: object.id ?? null,
          status: 'pending',
          error: null,
          payload: JSON.stringify(event),
          stripeCreated: event.created,
          receivedAt: new Date(),
          processedAt: null,
        },
        { transaction },
      ),
    );
    return { event: row, duplicate: false };
  } catch (error) {
    if (!(error instanceof UniqueConstraintError)) throw error;
    const row = await StripeEvent.findByPk(event.id);
    if (!row) throw error;
    return { event: row, duplicate: true };
  }
}
