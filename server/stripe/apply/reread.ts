import type Stripe from 'stripe';
import { PINNED_API_VERSION } from '../client';
import type { StripeReads } from '../handlers/types';
import { idOf, type Snapshot } from './snapshot';

/**
 * Events in another API version than the SDK's are never read field by field: the same object has
 * other fields there (before 2025-03-31.basil an invoice named its subscription at the top level,
 * not under `parent`, and a subscription carried its period itself, not on its items; Stripe
 * changelog, basil). Such an event says only which object changed and when; the object is re-read
 * from Stripe, which the SDK asks in the pinned version, and that is what is applied. "The Stripe
 * API version used to render data when the event was created. The contents of data never change"
 * (docs.stripe.com/api/events/object), so no later read of the event would give another shape.
 */
export function needsReread(event: Stripe.Event): boolean {
  return event.api_version !== PINNED_API_VERSION;
}

/** An object Stripe no longer has, in the shape of its Deleted* form. */
export interface Gone {
  id: string;
  object: string;
  deleted: true;
  [field: string]: unknown;
}

type EventObject = { id: string; object: string } & Record<string, unknown>;

interface Rereader {
  read(stripe: StripeReads, object: EventObject): Promise<unknown>;
  /**
   * Stripe deletes objects of this type (a `*.deleted` event exists): a 404 then means it is gone,
   * and the deletion is applied. Others (subscriptions, charges...) are never deleted, so a 404 is
   * a failure the event keeps as its error.
   */
  deletable: boolean;
}

/**
 * A discount has no retrieve of its own: it is read from the subscription (`discounts`, expanded)
 * or the customer (`discount`) it applies to, whose ids the event names in every version. Not
 * there any more: removed.
 */
async function rereadDiscount(stripe: StripeReads, object: EventObject): Promise<unknown> {
  const subscriptionId = idOf(object.subscription as string | null);
  const customerId = idOf(object.customer as string | null);
  const gone: Gone = { id: object.id, object: 'discount', deleted: true, subscription: subscriptionId, customer: customerId };
  if (subscriptionId) {
    const subscription = await stripe.subscriptions.retrieve(subscriptionId, { expand: ['discounts'] });
    return subscription.discounts.find((d): d is Stripe.Discount => typeof d !== 'string' && d.id === object.id) ?? gone;
  }
  if (customerId) {
    const customer = await stripe.customers.retrieve(customerId);
    if (!customer.deleted && customer.discount?.id === object.id) return customer.discount;
  }
  return gone;
}

/** One per object type Recur applies (handlers/index.ts); a test keeps the two lists equal. */
export const REREADERS: ReadonlyMap<string, Rereader> = new Map<string, Rereader>([
  ['product', { read: (s, o) => s.products.retrieve(o.id), deletable: true }],
  ['price', { read: (s, o) => s.prices.retrieve(o.id), deletable: true }],
  // A deleted customer still answers, as `{id, deleted: true}` (docs.stripe.com/api/customers/retrieve).
  ['customer', { read: (s, o) => s.customers.retrieve(o.id), deletable: true }],
  ['coupon', { read: (s, o) => s.coupons.retrieve(o.id), deletable: true }],
  ['promotion_code', { read: (s, o) => s.promotionCodes.retrieve(o.id), deletable: false }],
  ['subscription', { read: (s, o) => s.subscriptions.retrieve(o.id), deletable: false }],
  ['discount', { read: rereadDiscount, deletable: true }],
  // Only a draft invoice can be deleted (invoice.deleted); a gone one has no customer, so nothing to mirror.
  ['invoice', { read: (s, o) => s.invoices.retrieve(o.id), deletable: true }],
  ['invoice_payment', { read: (s, o) => s.invoicePayments.retrieve(o.id), deletable: false }],
  ['charge', { read: (s, o) => s.charges.retrieve(o.id), deletable: false }],
  ['refund', { read: (s, o) => s.refunds.retrieve(o.id), deletable: false }],
  ['checkout.session', { read: (s, o) => s.checkout.sessions.retrieve(o.id), deletable: false }],
  ['subscription_schedule', { read: (s, o) => s.subscriptionSchedules.retrieve(o.id), deletable: false }],
]);

const isMissing = (error: unknown) => (error as { statusCode?: unknown } | null)?.statusCode === 404;

/**
 * The current state of each object the events name, read once per object however many events of
 * the batch name it, one after another (Stripe allows 25 reads a second in test mode,
 * docs.stripe.com/rate-limits; the SDK retries a 429). Keyed by `type:id`.
 */
export async function rereadObjects(events: readonly Stripe.Event[], stripe: StripeReads): Promise<Map<string, unknown>> {
  const current = new Map<string, unknown>();
  for (const event of events) {
    const object = event.data.object as unknown as EventObject;
    const key = `${object.object}:${object.id}`;
    if (current.has(key)) continue;
    const rereader = REREADERS.get(object.object);
    if (!rereader) throw new Error(`Recur cannot re-read a ${object.object} (event ${event.id} is in API version ${event.api_version ?? 'none'})`);
    try {
      current.set(key, await rereader.read(stripe, object));
    } catch (error) {
      if (!rereader.deletable || !isMissing(error)) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(
          `Could not re-read ${object.object} ${object.id} (event ${event.id} is in API version ${event.api_version ?? 'none'}, Recur reads ${PINNED_API_VERSION}): ${reason}`,
        );
      }
      current.set(key, { id: object.id, object: object.object, deleted: true } satisfies Gone);
    }
  }
  return current;
}

/** The event's moment and type, with the object as Stripe has it now. */
export function fromReread<T>(event: Stripe.Event, current: ReadonlyMap<string, unknown>): Snapshot<T> {
  const { object, id } = event.data.object as unknown as EventObject;
  return { object: current.get(`${object}:${id}`) as T, created: event.created, type: event.type, eventId: event.id };
}
