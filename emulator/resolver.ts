import type { Store } from './store';
import type { ExpandResolver } from './http/expand';
import type { JsonObject, JsonValue } from './json';
import { toJson } from './json';

type Lookup = (store: Store, id: string) => object | undefined;

/** Id prefix → where objects of that kind live; the prefix is everything before the first `_`. */
const BY_PREFIX: Record<string, Lookup> = {
  cus: (s, id) => s.customers.get(id) ?? (s.deletedCustomers.has(id) ? { id, object: 'customer', deleted: true } : undefined),
  prod: (s, id) => s.products.get(id),
  price: (s, id) => s.prices.get(id),
  we: (s, id) => s.webhookEndpoints.get(id),
  cs: (s, id) => s.checkoutSessions.get(id),
  sub: (s, id) => s.subscriptions.get(id),
  in: (s, id) => s.invoices.get(id),
  inpay: (s, id) => s.invoicePayments.get(id),
  pi: (s, id) => s.paymentIntents.get(id),
  ch: (s, id) => s.charges.get(id),
  pm: (s, id) => s.paymentMethods.get(id),
  evt: (s, id) => s.events.get(id),
  clock: (s, id) => s.testClocks.get(id),
  promo: (s, id) => s.promotionCodes.get(id),
  di: (s, id) => s.discounts.get(id),
  ii: (s, id) => s.invoiceItems.get(id),
  re: (s, id) => s.refunds.get(id),
  seti: (s, id) => s.setupIntents.get(id),
};

export function findById(store: Store, id: string): object | undefined {
  // Schedules share subscriptions' first prefix segment (`sub_sched_…`), so they are told apart first.
  if (id.startsWith('sub_sched_')) return store.subscriptionSchedules.get(id);
  const lookup = BY_PREFIX[id.slice(0, id.indexOf('_'))];
  // Coupon ids are chosen freely, so anything else may still name a coupon.
  return lookup ? lookup(store, id) : store.coupons.get(id);
}

function list(data: object[], url: string): JsonObject {
  return toJson({ object: 'list', data, has_more: false, url });
}

/** Fields Stripe leaves out of responses unless `expand[]` names them. */
const INCLUDABLE: Record<string, Record<string, (store: Store, owner: JsonObject) => JsonValue>> = {
  'checkout.session': {
    line_items: (s, o) => list(s.checkoutLineItems.get(String(o.id)) ?? [], `/v1/checkout/sessions/${o.id}/line_items`),
  },
  invoice: {
    payments: (s, o) =>
      list(
        s.invoicePayments.newestFirst((p) => p.invoice === o.id),
        `/v1/invoice_payments?invoice=${o.id}`,
      ),
  },
};

export function storeResolver(store: Store): ExpandResolver {
  return {
    byId(id) {
      const found = findById(store, id);
      return found ? toJson(found) : undefined;
    },
    includable(owner, field) {
      const kind = typeof owner.object === 'string' ? owner.object : '';
      const make = INCLUDABLE[kind]?.[field];
      return make ? make(store, owner) : undefined;
    },
  };
}
