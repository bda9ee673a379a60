import type Stripe from 'stripe';

/**
 * How Stripe objects point at each other: a reference is an id, or the object itself when the
 * request expanded it. Billing, resources and the hosted pages all read references this way, so
 * it lives below all of them.
 */
export function idOf(ref: string | { id?: string } | null): string | null {
  if (ref === null) return null;
  return typeof ref === 'string' ? ref : (ref.id ?? null);
}

/** The subscription an invoice bills (API 2025-03-31.basil on: `parent.subscription_details.subscription`). */
export function subscriptionOfInvoice(inv: Stripe.Invoice): string | null {
  const sub = inv.parent?.subscription_details?.subscription;
  return sub === undefined ? null : idOf(sub);
}
