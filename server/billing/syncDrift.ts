import { placeholders, type Sql } from '../db/sql';

export interface Drift {
  object: 'customer' | 'subscription' | 'invoice' | 'payment';
  stripeId: string;
  change: 'created' | 'updated';
  fields: Record<string, { local: unknown; stripe: unknown }>;
}

type Kind = Drift['object'];
type FieldType = 'text' | 'number' | 'boolean' | 'date';

/** The compared fields of each mirrored object, as column → [field, type]. */
const COMPARED: Record<Kind, Record<string, [string, FieldType]>> = {
  customer: { email: ['email', 'text'], name: ['name', 'text'], currency: ['currency', 'text'], '(deleted_at IS NOT NULL)': ['deleted', 'boolean'] },
  subscription: {
    status: ['status', 'text'],
    plan_id: ['planId', 'number'],
    quantity: ['quantity', 'number'],
    unit_amount: ['unitAmount', 'number'],
    cancel_at_period_end: ['cancelAtPeriodEnd', 'boolean'],
    current_period_end: ['currentPeriodEnd', 'date'],
    trial_end: ['trialEnd', 'date'],
  },
  invoice: {
    status: ['status', 'text'],
    amount_due: ['amountDue', 'number'],
    amount_paid: ['amountPaid', 'number'],
    attempt_count: ['attemptCount', 'number'],
    next_payment_attempt: ['nextPaymentAttempt', 'date'],
  },
  payment: { status: ['status', 'text'], amount: ['amount', 'number'], refunded_amount: ['refundedAmount', 'number'] },
};

const TABLE: Record<Exclude<Kind, 'payment'>, [table: string, key: string]> = {
  customer: ['customers', 'stripe_customer_id'],
  subscription: ['subscriptions', 'stripe_subscription_id'],
  invoice: ['invoices', 'stripe_invoice_id'],
};

/** Plain values of the compared fields, keyed by `<object>:<Stripe id>`, to diff before and after a page is applied. */
export type MirrorState = Map<string, Record<string, unknown>>;

function plain(value: unknown, type: FieldType): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'number') return Number(value);
  if (type === 'boolean') return value === true || value === 1 || value === '1' || value === 't';
  if (type === 'date') {
    // SQLite keeps Sequelize's text ('2026-01-01 10:00:00.000 +00:00'); PostgreSQL gives a Date.
    const date = value instanceof Date ? value : new Date(String(value).replace(' +00:00', 'Z').replace(' ', 'T'));
    return date.toISOString();
  }
  return value;
}

function columns(kind: Kind): string {
  return Object.entries(COMPARED[kind])
    .map(([column, [field]]) => `${column} AS "${field}"`)
    .join(', ');
}

function put(state: MirrorState, kind: Kind, id: string, row: Record<string, unknown>): void {
  state.set(`${kind}:${id}`, Object.fromEntries(Object.values(COMPARED[kind]).map(([field, type]) => [field, plain(row[field], type)])));
}

/** Which mirrored rows a page of a sync may write: the page's objects, their parents, and (for invoices) their payments. */
export interface PageScope {
  customer: string[];
  subscription: string[];
  invoice: string[];
}

/**
 * The compared fields of the rows a page may write, read in a handful of statements (IN lists of
 * at most a page's ids): a sync of 700,000 objects diffs page by page rather than holding the
 * whole mirror twice, and a resumed sync still reports what each page it applies changed.
 */
export async function mirrorStateOf(sql: Sql, scope: PageScope): Promise<MirrorState> {
  const state: MirrorState = new Map();
  for (const kind of ['customer', 'subscription', 'invoice'] as const) {
    const ids = [...new Set(scope[kind])];
    if (!ids.length) continue;
    const [table, key] = TABLE[kind];
    const rows = await sql.all<Record<string, unknown> & { stripeId: string }>(
      `SELECT ${key} AS "stripeId", ${columns(kind)} FROM ${table} WHERE ${key} IN (${placeholders(ids.length)})`,
      ids,
    );
    for (const row of rows) put(state, kind, row.stripeId, row);
  }
  const invoices = [...new Set(scope.invoice)];
  if (invoices.length) {
    // A payment is its charge; one without a charge (no card was on file) is its invoice's attempt.
    const rows = await sql.all<Record<string, unknown> & { invoiceId: string; chargeId: string | null; attempt: number }>(
      `SELECT stripe_invoice_id AS "invoiceId", stripe_charge_id AS "chargeId", attempt_count AS "attempt", ${columns('payment')}
         FROM payments WHERE stripe_invoice_id IN (${placeholders(invoices.length)})`,
      invoices,
    );
    for (const row of rows) put(state, 'payment', row.chargeId ?? `${row.invoiceId}#${Number(row.attempt)}`, row);
  }
  return state;
}

/** What applying changed: every field that differs between the state before it and after it. */
export function driftBetween(before: MirrorState, after: MirrorState): Drift[] {
  const drift: Drift[] = [];
  for (const [key, now] of after) {
    const [object, stripeId] = key.split(/:(.*)/s) as [Drift['object'], string];
    const was = before.get(key);
    const fields: Drift['fields'] = {};
    for (const field of Object.keys(now)) {
      if (!was || was[field] !== now[field]) fields[field] = { local: was?.[field] ?? null, stripe: now[field] };
    }
    if (Object.keys(fields).length) drift.push({ object, stripeId, change: was ? 'updated' : 'created', fields });
  }
  return drift;
}

/** How many rows of each mirrored kind hold a Stripe id: what a sync expects to read of each. */
export async function mirroredCounts(sql: Sql): Promise<Record<'customer' | 'subscription' | 'invoice', number>> {
  const count = async (table: string, key: string) =>
    Number((await sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM ${table} WHERE ${key} IS NOT NULL`))[0]?.n ?? 0);
  return {
    customer: await count('customers', 'stripe_customer_id'),
    subscription: await count('subscriptions', 'stripe_subscription_id'),
    invoice: await count('invoices', 'stripe_invoice_id'),
  };
}
