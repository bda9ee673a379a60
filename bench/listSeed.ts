// The data of bench/list: 1,000,000 payments and 800,000 invoices of 50,000 customers, made by
// SQLite itself (INSERT ... SELECT over a generated sequence, one transaction per table), cached
// by schema. Seed v3 (issue 17): subscriptions spread over 9 plans (the demo catalog's ids, which
// the server seeds at start), invoices in every status with varied amounts, numbers and periods,
// so that every filter and sort of both lists has something to find.
import { cachedSeed, type SeededDatabase } from './seedCache';

export const PAYMENTS = 1_000_000;
export const CUSTOMERS = 50_000;
export const INVOICES = 800_000; // payments past this are second attempts of the first invoices
const SEED_VERSION = 3;
export const PLANS = 9;
const START = Date.UTC(2024, 0, 1) / 1000;

/** Sequelize's SQLite date text, so the server reads, sorts and compares these like its own. */
const stamp = (seconds: string) => `strftime('%Y-%m-%d %H:%M:%f', ${seconds}, 'unixepoch') || ' +00:00'`;
const seq = (n: number) => `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${n})`;
const customerOf = (invoice: string) => `((${invoice}) * 7919 % ${CUSTOMERS}) + 1`;

const SEED = [
  `${seq(CUSTOMERS)} INSERT INTO customers (id, email, name, stripe_customer_id, currency, monthly_total, yearly_total,
     collected_30d, collected_365d, last_event_at, created_at, updated_at)
   SELECT i, 'customer' || i || '@example.com', 'Customer ' || i, 'cus_bench_' || i, 'usd', 1900, 22800, 1900, 22800, 0,
     ${stamp(`${START} + i * 60`)}, ${stamp(`${START} + i * 60`)} FROM seq`,
  // Several items, as businesses sell them (issue 14): 1–3 seats of the base price, an add-on on every other subscription.
  `${seq(CUSTOMERS)} INSERT INTO subscriptions (id, customer_id, plan_id, stripe_subscription_id, status, quantity, unit_amount, items, recurring_amount, currency,
     interval, interval_count, cancel_at_period_end, last_event_at, created_at, updated_at)
   SELECT i, i, 1 + i % ${PLANS}, 'sub_bench_' || i, CASE WHEN i % 10 = 0 THEN 'past_due' ELSE 'active' END, 1 + i % 3, 1900,
     '[{"id":"si_bench_' || i || '","stripeSubscriptionItemId":"si_bench_' || i || '","stripePriceId":"price_bench","planId":null,"quantity":' || (1 + i % 3) || ',"unitAmount":1900}'
       || CASE WHEN i % 2 = 0 THEN ',{"id":"si_bench_' || i || '_addon","stripeSubscriptionItemId":"si_bench_' || i || '_addon","stripePriceId":"price_bench_addon","planId":null,"quantity":1,"unitAmount":300}' ELSE '' END || ']',
     1900 * (1 + i % 3) + CASE WHEN i % 2 = 0 THEN 300 ELSE 0 END, 'usd', 'month', 1, 0, 0,
     ${stamp(`${START} + i * 60`)}, ${stamp(`${START} + i * 60`)} FROM seq`,
  // 84 % paid, 8 % open, 4 % uncollectible, 2 % void, 2 % draft; four amounts; a month's period.
  `${seq(INVOICES)}, base AS (SELECT i, i * 37 % 100 AS r, ${START} + i * 75 AS t,
     CASE i % 4 WHEN 0 THEN 900 WHEN 1 THEN 1900 WHEN 2 THEN 4900 ELSE 9900 END AS due FROM seq),
   rows AS (SELECT *, CASE WHEN r < 8 THEN 'open' WHEN r < 12 THEN 'uncollectible' WHEN r < 14 THEN 'void' WHEN r < 16 THEN 'draft' ELSE 'paid' END AS st FROM base)
   INSERT INTO invoices (id, customer_id, subscription_id, stripe_invoice_id, number, status, currency, amount_due,
     amount_paid, amount_remaining, attempt_count, next_payment_attempt, billing_reason, period_start, period_end, last_event_at, created_at, updated_at)
   SELECT i, ${customerOf('i')}, ${customerOf('i')}, 'in_bench_' || i, printf('BENCH-%07d', i), st, 'usd', due,
     CASE WHEN st = 'paid' THEN due ELSE 0 END, CASE WHEN st = 'paid' THEN 0 ELSE due END, CASE WHEN st = 'open' THEN 2 ELSE 1 END,
     CASE WHEN st = 'open' THEN ${stamp('t + 86400')} END, 'subscription_cycle', ${stamp('t - 2592000')}, ${stamp('t')}, 0,
     ${stamp('t')}, ${stamp('t')} FROM rows`,
  // An invoice has at most one successful payment (migration 010): the first attempt of an invoice
  // that has a second one failed, as a retry follows a failure; otherwise 8 % of attempts fail.
  `${seq(PAYMENTS)}, base AS (SELECT i, (i - 1) % ${INVOICES} + 1 AS inv, (i - 1) / ${INVOICES} + 1 AS attempt, i * 71 % 100 AS r,
     ${START} + i * 60 AS t FROM seq),
   rows AS (SELECT *, (r < 8 OR (attempt = 1 AND inv <= ${PAYMENTS - INVOICES})) AS f FROM base)
   INSERT INTO payments (id, customer_id, subscription_id, invoice_id, stripe_invoice_id, stripe_payment_intent_id, stripe_charge_id,
     amount, currency, status, failure_code, failure_message, attempt_count, next_retry_at, billing_reason, refunded_amount,
     attempted_at, created_at, updated_at)
   SELECT i, ${customerOf('inv')}, ${customerOf('inv')}, inv, 'in_bench_' || inv, 'pi_bench_' || i, 'ch_bench_' || i,
     CASE i % 4 WHEN 0 THEN 900 WHEN 1 THEN 1900 WHEN 2 THEN 4900 ELSE 9900 END, 'usd',
     CASE WHEN f THEN 'failed' WHEN r < 11 THEN 'refunded' WHEN r = 11 THEN 'partially_refunded' ELSE 'succeeded' END,
     CASE WHEN f THEN 'card_declined' END, CASE WHEN f THEN 'Your card was declined.' END, attempt,
     CASE WHEN f THEN ${stamp('t + 86400')} END, CASE WHEN attempt = 1 THEN 'subscription_cycle' ELSE 'manual' END,
     CASE WHEN f THEN 0 WHEN r BETWEEN 8 AND 10 THEN 1900 WHEN r = 11 THEN 500 ELSE 0 END,
     ${stamp('t - 5')}, ${stamp('t')}, ${stamp('t')} FROM rows`,
];

export type { SeededDatabase } from './seedCache';

export function seedListDatabase(fresh = false): Promise<SeededDatabase> {
  return cachedSeed('list', SEED_VERSION, SEED, fresh);
}
