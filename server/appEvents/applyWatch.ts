import { chunks } from '../db/bulk';
import { placeholders, type Sql } from '../db/sql';
import type { ApplyUnit } from '../stripe/apply/unit';
import { listenedTypes } from './reads';
import { markDirty, presentState, saveAnnounced, withSnapshot } from './snapshots';

/** The Stripe objects a batch is about; their customers are the ones whose state may change. */
export interface BatchScope {
  customers: ReadonlySet<string>;
  subscriptions: ReadonlySet<string>;
  invoices: ReadonlySet<string>;
}

export interface AppStateWatch {
  /** after the handlers, in the same transaction: marks the batch's customers for comparing */
  mark(): Promise<void>;
}

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

/**
 * Recur's own events (DESIGN §3.2) start here, in the apply transaction, at the least cost the
 * batch can pay: the customers it may change are marked, and the outgoing-webhook worker compares
 * their state with what the apps were last told, after the burst (notice.ts). A customer Recur
 * already had and no listener has seen yet gets its present state kept first, before the
 * handlers run, so what the batch changes is what gets announced. Measured with bench/webhooks:
 * comparing and writing the events here cost about a fifth of intake with three endpoints.
 */
export async function watchAppState(unit: ApplyUnit, scope: BatchScope): Promise<AppStateWatch | null> {
  const { sql } = unit;
  if (!(await listenedTypes(sql)).size) return null;
  const now = new Date();
  const had = await localCustomers(sql, scope);
  const kept = await withSnapshot(sql, had);
  const unseen = had.filter((id) => !kept.has(id));
  if (unseen.length) {
    const states = await presentState(sql, unseen);
    await saveAnnounced(
      sql,
      unseen.map((customerId) => ({ customerId, state: states.get(customerId)!, dirty: false })),
      now,
    );
  }
  return {
    async mark() {
      // The handlers mapped the batch's customers (parents included) to local ids: new ones are there.
      const mapped = [...scope.customers].flatMap((id) => (unit.customerIds.has(id) ? [unit.customerIds.get(id)!] : []));
      await markDirty(
        sql,
        [...new Set([...had, ...mapped])].sort((a, b) => a - b),
        now,
      );
    },
  };
}
