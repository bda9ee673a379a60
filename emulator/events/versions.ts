import type Stripe from 'stripe';
import type { JsonObject } from '../json';
import type { Store } from '../store';
import { isJsonObject, toJson } from '../json';
import { BASIL, versionBefore } from './api-versions';
import { legacyInvoice, legacyInvoicePrevious, legacySubscription, legacySubscriptionPrevious } from './legacy-shapes';
import type { InvoicePaymentLookup } from './legacy-shapes';

export type { InvoicePaymentLookup } from './legacy-shapes';

/** An event as sent or listed: the stored event itself when no field moves, else its JSON re-rendered. */
export type RenderedEvent = Stripe.Event | JsonObject;

/**
 * An event in the shape of another API version. Stored events always hold objects in the SDK's
 * pinned shape, and `api_version` only says which version to show them in; rendering is done on
 * the way out (delivery, GET /v1/events), so the store never holds two shapes of one object.
 *
 * Only the 2025-03-31.basil moves are undone, and only for the objects Recur reads (invoice,
 * subscription); changes between basil and the pinned version are not rendered backwards.
 */
export function renderForVersion(event: Stripe.Event, version: string, payments: InvoicePaymentLookup): RenderedEvent {
  if (!versionBefore(version, BASIL)) return version === event.api_version ? event : { ...event, api_version: version };
  const out = toJson(event);
  out.api_version = version;
  const data = out.data;
  if (!isJsonObject(data) || !isJsonObject(data.object)) return out;
  const object = data.object;
  const previous = isJsonObject(data.previous_attributes) ? data.previous_attributes : null;
  if (object.object === 'invoice') {
    data.object = legacyInvoice(object, event.created, payments);
    if (previous) data.previous_attributes = legacyInvoicePrevious(previous, object);
  } else if (object.object === 'subscription') {
    data.object = legacySubscription(object);
    if (previous) data.previous_attributes = legacySubscriptionPrevious(previous, object);
  }
  return out;
}

function idOf(ref: string | { id: string } | null): string | null {
  return ref === null || typeof ref === 'string' ? ref : ref.id;
}

/** Reads the invoice ↔ PaymentIntent links the billing engine keeps (store.billing.invoicePaymentOf). */
export function storePaymentLookup(store: Store): InvoicePaymentLookup {
  const linkOf = (invoiceId: string) => {
    const linkId = store.billing.invoicePaymentOf.get(invoiceId);
    return linkId ? store.invoicePayments.get(linkId) : undefined;
  };
  return {
    paymentIntentOf: (invoiceId) => idOf(linkOf(invoiceId)?.payment.payment_intent ?? null),
    paidOnStripe: (invoiceId) => linkOf(invoiceId)?.status === 'paid',
    chargeAt: (piId, at) => {
      // The intent's latest charge is nearly always the one (deliveries follow the event at once);
      // an event listed later, after a retry made a newer charge, needs the charge as of its time.
      const latest = idOf(store.paymentIntents.get(piId)?.latest_charge ?? null);
      const charge = latest ? store.charges.get(latest) : undefined;
      if (charge && charge.created <= at) return charge.id;
      return store.charges.newestFirst((c) => idOf(c.payment_intent) === piId && c.created <= at)[0]?.id ?? null;
    },
  };
}
