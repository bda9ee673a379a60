import type { JsonObject, JsonValue } from '../json';
import { isJsonObject } from '../json';

/**
 * The pre-basil shapes of the objects Recur reads, built from their pinned (wire) form. Sources:
 * Stripe changelog 2025-03-31.basil — "Invoicing resources now specify how they were generated"
 * (adds-new-parent-field-to-invoicing-objects), "Adds support for multiple (partial) payments on
 * invoices" (add-support-for-multiple-partial-payments-on-invoices), and "Adds subscription
 * item-level billing periods and removes subscription-level periods"
 * (deprecate-subscription-current-period-start-and-end).
 */

/** What a pre-basil invoice shows that the pinned shape keeps on the InvoicePayment: its payment's ids. */
export interface InvoicePaymentLookup {
  /** The invoice's PaymentIntent, if one was made (the emulator makes it at the first attempt). */
  paymentIntentOf(invoiceId: string): string | null;
  /** True when Stripe collected the invoice's payment, false when it was marked paid out of band. */
  paidOnStripe(invoiceId: string): boolean;
  /** The newest charge of the PaymentIntent made at or before `at` (the event's time). */
  chargeAt(paymentIntentId: string, at: number): string | null;
}

/** The top-level fields basil folded into `parent`: quote, subscription, subscription_details. */
function parentFields(parent: JsonValue | undefined): JsonObject {
  const sub = isJsonObject(parent) && isJsonObject(parent.subscription_details) ? parent.subscription_details : null;
  const quote = isJsonObject(parent) && isJsonObject(parent.quote_details) ? (parent.quote_details.quote ?? null) : null;
  const out: JsonObject = {
    quote,
    subscription: sub?.subscription ?? null,
    subscription_details: sub ? { metadata: sub.metadata ?? null } : null,
  };
  // Only upcoming invoices that preview prorations carried it, as they do under `parent` now.
  if (sub && typeof sub.subscription_proration_date === 'number') out.subscription_proration_date = sub.subscription_proration_date;
  return out;
}

function changedFields(before: JsonObject, after: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(before)) {
    if (JSON.stringify(value) !== JSON.stringify(after[key])) out[key] = value;
  }
  return out;
}

export function legacyInvoice(inv: JsonObject, at: number, payments: InvoicePaymentLookup): JsonObject {
  const out: JsonObject = { ...inv, ...parentFields(inv.parent) };
  // Basil added these (payments and confirmation_secret only appear when expanded).
  delete out.parent;
  delete out.payments;
  delete out.confirmation_secret;
  const id = typeof inv.id === 'string' ? inv.id : '';
  // Stripe made the invoice's PaymentIntent when finalizing it, so only a draft had none.
  const pi = inv.status === 'draft' ? null : payments.paymentIntentOf(id);
  const paid = inv.status === 'paid';
  const due = typeof inv.amount_due === 'number' ? inv.amount_due : 0;
  out.payment_intent = pi;
  // No charge before the first attempt; after it, the latest one as of the event.
  out.charge = pi !== null && inv.attempted === true ? payments.chargeAt(pi, at) : null;
  out.paid = paid;
  out.paid_out_of_band = paid && due > 0 && !payments.paidOnStripe(id);
  // Removed by basil too; the emulator has no Connect, so they were always null.
  out.application_fee_amount = null;
  out.transfer_data = null;
  return out;
}

/** previous_attributes of invoice.updated: `parent` changes become the old top-level fields, and `paid` follows `status`. */
export function legacyInvoicePrevious(prev: JsonObject, now: JsonObject): JsonObject {
  const out: JsonObject = { ...prev };
  if (prev.parent !== undefined) {
    delete out.parent;
    Object.assign(out, changedFields(parentFields(prev.parent), parentFields(now.parent)));
  }
  if (typeof prev.status === 'string' && (prev.status === 'paid') !== (now.status === 'paid')) out.paid = prev.status === 'paid';
  return out;
}

function firstItem(items: JsonValue | undefined): JsonObject | undefined {
  if (!isJsonObject(items) || !Array.isArray(items.data)) return undefined;
  const first = items.data[0];
  return isJsonObject(first) ? first : undefined;
}

/** Before basil every item of a subscription shared one period, which the subscription carried. */
function periodFields(items: JsonValue | undefined): JsonObject {
  const first = firstItem(items);
  if (!first) return {};
  return { current_period_end: first.current_period_end ?? null, current_period_start: first.current_period_start ?? null };
}

/** Items had no period fields of their own before basil added them. */
function withoutItemPeriods(items: JsonValue | undefined): JsonValue | undefined {
  if (!isJsonObject(items) || !Array.isArray(items.data)) return items;
  const data = items.data.map((item) => {
    if (!isJsonObject(item)) return item;
    const copy: JsonObject = { ...item };
    delete copy.current_period_start;
    delete copy.current_period_end;
    return copy;
  });
  return { ...items, data };
}

export function legacySubscription(sub: JsonObject): JsonObject {
  const out: JsonObject = { ...sub, ...periodFields(sub.items) };
  const items = withoutItemPeriods(sub.items);
  if (items !== undefined) out.items = items;
  return out;
}

/**
 * previous_attributes of customer.subscription.updated: basil made a new period show as changed
 * `items`; before it, the change was the subscription's own current_period_start/end.
 */
export function legacySubscriptionPrevious(prev: JsonObject, now: JsonObject): JsonObject {
  if (prev.items === undefined) return prev;
  const out: JsonObject = { ...prev, ...changedFields(periodFields(prev.items), periodFields(now.items)) };
  const items = withoutItemPeriods(prev.items);
  if (items === undefined || JSON.stringify(items) === JSON.stringify(withoutItemPeriods(now.items))) delete out.items;
  else out.items = items;
  return out;
}
