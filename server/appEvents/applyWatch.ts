import { bestAccess } from '../billing/access';
import { entitlementsFor } from '../billing/entitlements';
import { chunks } from '../stripe/apply/bulk';
import { placeholders, type Sql } from '../stripe/apply/sql';
import type { ApplyUnit } from '../stripe/apply/unit';
import type { AccessPolicy } from '../../shared/access';
import { paymentEvents, subscriptionEvents } from './diff';
import { accessPolicyIn, listenedTypes } from './reads';
import { insertAppEvents, type NewAppEvent } from './insert';
import { customerFacts, lastPaymentId, paymentsOf, subscriptionsOf, type PaymentState, type SubscriptionState } from './stateRows';

/** The Stripe objects a batch is about; their customers are the ones whose state may change. */
export interface BatchScope {
  customers: ReadonlySet<string>;
  subscriptions: ReadonlySet<string>;
  invoices: ReadonlySet<string>;
}

export interface AppStateWatch {
  /** after the handlers, in the same transaction: compares and writes the events */
  emit(): Promise<void>;
}

type Entitlements = Record<string, boolean | number>;

async function localCustomers(sql: Sql, scope: BatchScope): Promise<number[]> {
  const ids = new Set<number>();
  const lookups: [string, ReadonlySet<string>][] = [
    ['SELECT id AS "id" FROM customers WHERE stripe_customer_id IN', scope.customers],
    ['SELECT customer_id AS "id" FROM subscriptions WHERE stripe_subscription_id IN', scope.subscriptions],
    ['SELECT customer_id AS "id" FROM invoices WHERE stripe_invoice_id IN', scope.invoices],
  ];
  for (const [query, keys] of lookups) {
    for (const part of chunks([...keys], 500)) {
      for (const row of await sql.all<{ id: number | null }>(`${query} (${placeholders(part.length)})`, part)) if (row.id !== null) ids.add(Number(row.id));
    }
  }
  return [...ids].sort((a, b) => a - b);
}

async function anyFeature(sql: Sql): Promise<boolean> {
  return (await sql.all('SELECT id FROM features LIMIT 1')).length > 0;
}

const byCustomer = <T extends { customerId: number }>(rows: readonly T[]) => {
  const map = new Map<number, T[]>();
  for (const row of rows) map.set(row.customerId, [...(map.get(row.customerId) ?? []), row]);
  return map;
};

const accessOf = (subscriptions: readonly SubscriptionState[], policy: AccessPolicy, now: Date) => bestAccess(subscriptions, policy, now);

/**
 * Recur's own events for one applying batch (DESIGN §3.2), written in its transaction: the state
 * of the batch's customers is read before the handlers run and after, and only what differs
 * becomes an event. So a replayed, duplicated or older Stripe event, which the handlers ignore,
 * makes none, and an event exists exactly when its change committed.
 */
export async function watchAppState(unit: ApplyUnit, scope: BatchScope): Promise<AppStateWatch | null> {
  const { sql, transaction } = unit;
  const listened = await listenedTypes(sql);
  if (!listened.size) return null;
  const now = new Date();
  const customersBefore = await localCustomers(sql, scope);
  const subscriptionsBefore = await subscriptionsOf(sql, customersBefore);
  const paymentsWatermark = await lastPaymentId(sql);
  const paymentsBefore = await paymentsOf(sql, customersBefore, paymentsWatermark);
  const policy = await accessPolicyIn(sql);
  const watchEntitlements = listened.has('entitlements.changed') && (await anyFeature(sql));
  const entitlementsBefore = new Map<number, Entitlements>();
  if (watchEntitlements) {
    for (const customerId of new Set(subscriptionsBefore.map((s) => s.customerId))) entitlementsBefore.set(customerId, await entitlementsFor(customerId, transaction));
  }

  return {
    async emit() {
      // The handlers mapped the batch's customers (parents included) to local ids: new ones are there.
      const mapped = [...scope.customers].flatMap((id) => (unit.customerIds.has(id) ? [unit.customerIds.get(id)!] : []));
      const customers = [...new Set([...customersBefore, ...mapped])].sort((a, b) => a - b);
      const subscriptionsAfter = byCustomer(await subscriptionsOf(sql, customers));
      const waiting = paymentsBefore.map((p) => p.id);
      const paymentsAfter = byCustomer(await paymentsOf(sql, customers, paymentsWatermark, waiting));
      const subsBefore = byCustomer(subscriptionsBefore);
      const payBefore = byCustomer<PaymentState>(paymentsBefore);
      const facts = await customerFacts(sql, customers);
      const events: NewAppEvent[] = [];
      for (const customerId of customers) {
        const who = facts.get(customerId);
        if (!who) continue;
        const was = subsBefore.get(customerId) ?? [];
        const is = subscriptionsAfter.get(customerId) ?? [];
        const changes = subscriptionEvents(was, is, who);
        events.push(...changes, ...paymentEvents(payBefore.get(customerId) ?? [], paymentsAfter.get(customerId) ?? [], who));
        if (!changes.length) continue;
        // Access and entitlements follow from the subscriptions alone: unchanged rows, unchanged answers.
        const accessBefore = accessOf(was, policy, now);
        const accessAfter = accessOf(is, policy, now);
        if (accessBefore.entitled !== accessAfter.entitled || accessBefore.graceUntil !== accessAfter.graceUntil) {
          events.push({ type: 'access.changed', data: { ...who, access: accessAfter, previous: accessBefore } });
        }
        if (watchEntitlements) {
          const after = await entitlementsFor(customerId, transaction);
          const before = entitlementsBefore.get(customerId) ?? Object.fromEntries(Object.entries(after).map(([key, value]) => [key, typeof value === 'boolean' ? false : 0]));
          if (JSON.stringify(before) !== JSON.stringify(after)) events.push({ type: 'entitlements.changed', data: { ...who, features: after, previous: before } });
        }
      }
      await insertAppEvents(sql, events.filter((event) => listened.has(event.type)), now);
    },
  };
}
