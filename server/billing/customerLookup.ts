import type Stripe from 'stripe';

/** Stripe's search query language: a quoted value escapes its quotes and backslashes with a backslash (docs.stripe.com/search). */
const quoted = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

/** A 4xx from Stripe (search not offered to this account, a query it refuses) is "not found here"; a 5xx or no answer is an outage. */
function isRefusal(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * The Stripe customer with this e-mail address, however its letters were cased where it was
 * created (the Dashboard, another app), or undefined.
 *
 * customers.list's `email` is "a case-sensitive filter on the list based on the customer's email
 * field" (docs.stripe.com/api/customers/list), so it is asked for the forms Recur can know — as
 * typed, and lower-cased as Recur stores it — first: it is read-after-write consistent and finds
 * every customer Recur created. A customer created elsewhere as "Ada@Example.COM" is found by
 * customers.search with `email:"…"` (docs.stripe.com/api/customers/search). Search is the fallback,
 * not the first call: "don't use search in read-after-write flows", its data can lag a minute,
 * and it is not offered to every account (docs.stripe.com/search), so a refusal there means
 * "none found". Whatever search returns is checked again here, ignoring case only.
 */
export async function findStripeCustomerByEmail(stripe: Stripe, email: string, typed = email): Promise<string | undefined> {
  for (const form of new Set([typed.trim(), email])) {
    const listed = (await stripe.customers.list({ email: form, limit: 1 })).data[0];
    if (listed) return listed.id;
  }
  let found: Stripe.Customer[];
  try {
    found = (await stripe.customers.search({ query: `email:${quoted(email)}`, limit: 10 })).data;
  } catch (error) {
    if (isRefusal(error)) return undefined;
    throw error;
  }
  const wanted = email.toLowerCase();
  // Oldest first: if the address was duplicated elsewhere already, keep using the first customer.
  const matching = found.filter((customer) => customer.email?.toLowerCase() === wanted).sort((a, b) => a.created - b.created);
  return matching[0]?.id;
}
