import type Stripe from 'stripe';
import { StripeEvent } from '../db/models';
import { handlersByObjectType, type HandlerContext } from './handlers';

/**
 * Applies a stored event through the handler registered for its object type and records the
 * outcome on the inbox row. A failure is kept with its error so the event can be retried.
 */
export async function applyStoredEvent(row: StripeEvent, ctx: HandlerContext): Promise<StripeEvent> {
  const event = JSON.parse(row.payload) as Stripe.Event;
  const handler = row.objectType ? handlersByObjectType[row.objectType] : undefined;
  if (!handler) {
    return ctx.db.write((transaction) => row.update({ status: 'ignored', processedAt: new Date() }, { transaction }));
  }
  try {
    await handler(event, ctx);
    return await ctx.db.write((transaction) =>
      row.update({ status: 'processed', error: null, attempts: row.attempts + 1, processedAt: new Date() }, { transaction }),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.log.warn({ eventId: row.id, type: row.type, err: message }, 'webhook event failed to apply');
    return ctx.db.write((transaction) =>
      row.update({ status: 'failed', error: message.slice(0, 2000), attempts: row.attempts + 1 }, { transaction }),
    );
  }
}
