import { readerFor, type Reader } from '../db/readPool';
import type { SqlValue } from '../db/sql';
import { sqliteDate } from '../db/sqliteRaw';
import type { Database, Dialect } from '../db/sequelize';
import { quotedList, monthlyRateSql } from '../db/sqlLiterals';
import { COLLECTED_PAYMENT_STATUSES } from '../../shared/payments';
import { COLLECTING_STATUSES, LIVE_STATUSES, NEVER_STARTED_STATUSES } from '../../shared/subscriptionStatus';
import type { AwaitingPayment, MonthPoint, MrrPoint, StatsSummary, SubscriptionsByPlan, WeekPoint } from '../../shared/stats';

/**
 * The dashboard's series, each one SQL aggregate (GROUP BY) over the mirrored tables: at a million
 * payments, summing in JavaScript would mean shipping a million rows out of the database.
 * Times are bucketed in UTC; money stays in minor units, one series per currency.
 */

const DAY_MS = 86_400_000;
const COLLECTED = quotedList(COLLECTED_PAYMENT_STATUSES);
/** DESIGN §6: a price normalised to a month, per interval_count; the same factors as shared/money's monthlyRate. */
const MONTHLY_RATE = monthlyRateSql('s.recurring_amount', 's.interval', 's.interval_count');
const NEVER_STARTED = quotedList(NEVER_STARTED_STATUSES);
const COLLECTING = quotedList(COLLECTING_STATUSES);

interface Sql {
  reader: Reader;
  dialect: Dialect;
}

async function sql(db: Database): Promise<Sql> {
  return { reader: await readerFor(db.sequelize), dialect: db.dialect };
}

/**
 * SQLite keeps Sequelize's text 'YYYY-MM-DD HH:MM:SS.SSS +00:00' (sqliteDate), which sorts as time
 * does, so a bound in that same text compares correctly; PostgreSQL casts the same text to timestamptz.
 */
const stamp = sqliteDate;

function at({ dialect }: Sql, param: string): string {
  return dialect === 'postgres' ? `CAST(${param} AS timestamptz)` : param;
}

/** 'YYYY-MM' of a timestamp column, in UTC. */
function monthOf({ dialect }: Sql, column: string): string {
  return dialect === 'postgres' ? `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM')` : `substr(${column}, 1, 7)`;
}

/** The Monday ('YYYY-MM-DD') of a timestamp column's ISO week, in UTC. */
function weekOf({ dialect }: Sql, column: string): string {
  return dialect === 'postgres'
    ? `to_char(date_trunc('week', ${column} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`
    : `date(substr(${column}, 1, 10), '-6 days', 'weekday 1')`;
}

const num = (value: number | string | null | undefined): number => Number(value ?? 0);

/** The last `count` calendar months, oldest first, as 'YYYY-MM' with the instant each ends. */
export function lastMonths(count: number, now = new Date()): { month: string; ends: Date }[] {
  return Array.from({ length: count }, (_, i) => {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (count - 1 - i), 1));
    const ends = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    return { month: start.toISOString().slice(0, 7), ends: ends < now ? ends : now };
  });
}

/** The Mondays of the last `count` weeks, oldest first. */
export function lastWeeks(count: number, now = new Date()): string[] {
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7)));
  return Array.from({ length: count }, (_, i) => new Date(monday.getTime() - (count - 1 - i) * 7 * DAY_MS).toISOString().slice(0, 10));
}

const AWAITING = `p.status = 'failed' AND p.retried_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM payments q WHERE q.stripe_invoice_id = p.stripe_invoice_id AND q.attempt_count > p.attempt_count)`;

export async function statsSummary(db: Database, now = new Date()): Promise<StatsSummary> {
  const s = await sql(db);
  const since = stamp(new Date(now.getTime() - 30 * DAY_MS));
  const [mrr, statuses, churn, collected, awaiting, authenticating] = await Promise.all([
    s.reader.select<{ currency: string; amount: number | string; yearly: number | string }>(
      // Stripe sets a customer's currency lazily (the emulator may never), so a customer without
      // one counts in its subscriptions' currency.
      `SELECT currency, SUM(monthly_total) AS amount, SUM(yearly_total) AS yearly FROM (
         SELECT COALESCE(c.currency, (SELECT s.currency FROM subscriptions s WHERE s.customer_id = c.id ORDER BY s.id DESC LIMIT 1)) AS currency, c.monthly_total AS monthly_total, c.yearly_total AS yearly_total
           FROM customers c WHERE c.monthly_total > 0 OR c.yearly_total > 0) t
        WHERE currency IS NOT NULL GROUP BY currency ORDER BY amount DESC`,
      [],
    ),
    // A subscription whose collection is paused counts as paused, apart from the status Stripe keeps (active).
    s.reader.select<{ status: string; n: number | string }>(
      `SELECT CASE WHEN pause_behavior IS NOT NULL AND status IN ${COLLECTING} THEN 'paused' ELSE status END AS status, COUNT(*) AS n
         FROM subscriptions GROUP BY CASE WHEN pause_behavior IS NOT NULL AND status IN ${COLLECTING} THEN 'paused' ELSE status END`,
      [],
    ),
    s.reader.select<{ canceled: number | string | null; live: number | string | null }>(
      `SELECT SUM(CASE WHEN canceled_at >= ${at(s, '?')} THEN 1 ELSE 0 END) AS canceled,
              SUM(CASE WHEN created_at < ${at(s, '?')} AND (canceled_at IS NULL OR canceled_at >= ${at(s, '?')}) THEN 1 ELSE 0 END) AS live
         FROM subscriptions WHERE status NOT IN ${NEVER_STARTED}`,
      [since, since, since],
    ),
    s.reader.select<{ currency: string; amount: number | string }>(
      `SELECT currency, SUM(amount - refunded_amount) AS amount FROM payments WHERE status IN ${COLLECTED} AND attempted_at >= ${at(s, '?')} GROUP BY currency ORDER BY amount DESC`,
      [since],
    ),
    s.reader.select<{ n: number | string }>(`SELECT COUNT(*) AS n FROM payments p WHERE ${AWAITING}`, []),
    s.reader.select<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.status = 'requires_action' AND i.status = 'open'`,
      [],
    ),
  ]);
  const canceled30d = num(churn[0]?.canceled);
  const activeAtStart = num(churn[0]?.live);
  return {
    mrr: mrr.map((row) => ({ currency: row.currency, amount: num(row.amount) })),
    // One definition of run-rate (DESIGN §6): the dashboard's MRR and ARR are the sums of the
    // customers' own monthly and yearly totals, each yearly total being 12 × the monthly rate
    // before rounding. 12 × the rounded MRR would differ from them by cents.
    arr: mrr.map((row) => ({ currency: row.currency, amount: num(row.yearly) })),
    subscriptions: Object.fromEntries(statuses.map((row) => [row.status, num(row.n)])),
    paused: num(statuses.find((row) => row.status === 'paused')?.n),
    churn: { canceled30d, activeAtStart, rate: activeAtStart ? canceled30d / activeAtStart : 0 },
    collected30d: collected.map((row) => ({ currency: row.currency, amount: num(row.amount) })),
    failedAwaitingAction: num(awaiting[0]?.n),
    awaitingAuthentication: num(authenticating[0]?.n),
  };
}

/** Money collected per calendar month (net of refunds), the last `months` months. */
export async function revenueByMonth(db: Database, months = 12, now = new Date()): Promise<MonthPoint[]> {
  const s = await sql(db);
  const from = stamp(new Date(`${lastMonths(months, now)[0]!.month}-01T00:00:00Z`));
  const rows = await s.reader.select<{ month: string; currency: string; amount: number | string }>(
    `SELECT ${monthOf(s, 'attempted_at')} AS month, currency, SUM(amount - refunded_amount) AS amount
       FROM payments WHERE status IN ${COLLECTED} AND attempted_at >= ${at(s, '?')}
      GROUP BY ${monthOf(s, 'attempted_at')}, currency ORDER BY month`,
    [from],
  );
  return rows.map((row) => ({ month: row.month, currency: row.currency, amount: num(row.amount) }));
}

/** Payment attempts per ISO week by outcome; weeks without any attempt are there as zeros. */
export async function paymentsByWeek(db: Database, weeks = 12, now = new Date()): Promise<WeekPoint[]> {
  const s = await sql(db);
  const mondays = lastWeeks(weeks, now);
  const rows = await s.reader.select<{ week: string; succeeded: number | string; failed: number | string; requiresAction: number | string }>(
    `SELECT ${weekOf(s, 'attempted_at')} AS week,
            SUM(CASE WHEN status IN ${COLLECTED} THEN 1 ELSE 0 END) AS succeeded,
            SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed,
            SUM(CASE WHEN status = 'requires_action' THEN 1 ELSE 0 END) AS "requiresAction"
       FROM payments WHERE attempted_at >= ${at(s, '?')}
      GROUP BY ${weekOf(s, 'attempted_at')}`,
    [stamp(new Date(`${mondays[0]}T00:00:00Z`))],
  );
  const byWeek = new Map(rows.map((row) => [row.week, row]));
  return mondays.map((week) => {
    const row = byWeek.get(week);
    return { week, succeeded: num(row?.succeeded), failed: num(row?.failed), requiresAction: num(row?.requiresAction) };
  });
}

/** Live subscriptions (trialing, active, past due) per plan and per tier. */
export async function subscriptionsByPlan(db: Database): Promise<SubscriptionsByPlan> {
  const s = await sql(db);
  const live = `s.status IN ${quotedList(LIVE_STATUSES)}`;
  const [plans, tiers] = await Promise.all([
    s.reader.select<{
      planId: number | null;
      plan: string | null;
      tier: string | null;
      active: number | string;
      trialing: number | string;
      pastDue: number | string;
    }>(
      `SELECT p.id AS "planId", p.name AS plan, p.tier AS tier,
              SUM(CASE WHEN s.status = 'active' THEN 1 ELSE 0 END) AS active,
              SUM(CASE WHEN s.status = 'trialing' THEN 1 ELSE 0 END) AS trialing,
              SUM(CASE WHEN s.status = 'past_due' THEN 1 ELSE 0 END) AS "pastDue"
         FROM subscriptions s LEFT JOIN plans p ON p.id = s.plan_id
        WHERE ${live} GROUP BY p.id, p.name, p.tier ORDER BY p.name`,
      [],
    ),
    s.reader.select<{ tier: string | null; n: number | string }>(
      `SELECT p.tier AS tier, COUNT(*) AS n FROM subscriptions s LEFT JOIN plans p ON p.id = s.plan_id WHERE ${live} GROUP BY p.tier ORDER BY p.tier`,
      [],
    ),
  ]);
  return {
    plans: plans.map((row) => ({
      planId: row.planId === null ? null : num(row.planId),
      plan: row.plan ?? 'no plan',
      tier: row.tier,
      active: num(row.active),
      trialing: num(row.trialing),
      pastDue: num(row.pastDue),
    })),
    tiers: tiers.map((row) => ({ tier: row.tier ?? 'none', subscriptions: num(row.n) })),
  };
}

/**
 * MRR over time, derived from when each subscription started, ended its trial and was canceled:
 * the run-rate of every subscription paying at each month's end. Status history is not kept,
 * so a subscription that went past due and recovered counts as paying throughout.
 */
export async function mrrByMonth(db: Database, months = 12, now = new Date()): Promise<MrrPoint[]> {
  const s = await sql(db);
  const ends = lastMonths(months, now);
  const params: SqlValue[] = ends.flatMap(({ month, ends: end }) => [month, stamp(end)]);
  const values = ends.map(() => `(${s.dialect === 'postgres' ? 'CAST(? AS text)' : '?'}, ${at(s, '?')})`).join(', ');
  const from = stamp(new Date(`${ends[0]!.month}-01T00:00:00Z`));
  const [rates, cancels] = await Promise.all([
    s.reader.select<{ month: string; currency: string; mrr: number | string; n: number | string }>(
      `WITH months(month, ends) AS (VALUES ${values})
       SELECT m.month AS month, s.currency AS currency, SUM(${MONTHLY_RATE}) AS mrr, COUNT(*) AS n
         FROM months m JOIN subscriptions s
           ON s.created_at < m.ends AND (s.canceled_at IS NULL OR s.canceled_at >= m.ends) AND (s.trial_end IS NULL OR s.trial_end < m.ends)
        WHERE s.status NOT IN ${NEVER_STARTED}
        GROUP BY m.month, s.currency ORDER BY m.month`,
      params,
    ),
    s.reader.select<{ month: string; currency: string; n: number | string }>(
      `SELECT ${monthOf(s, 'canceled_at')} AS month, currency, COUNT(*) AS n FROM subscriptions
        WHERE canceled_at >= ${at(s, '?')} GROUP BY ${monthOf(s, 'canceled_at')}, currency`,
      // Only the parameters the statement uses: PostgreSQL cannot type an unused one.
      [from],
    ),
  ]);
  const key = (month: string, currency: string) => `${month} ${currency}`;
  const canceled = new Map(cancels.map((row) => [key(row.month, row.currency), num(row.n)]));
  const currencies = [...new Set([...rates, ...cancels].map((row) => row.currency))];
  const rated = new Map(rates.map((row) => [key(row.month, row.currency), row]));
  return ends.flatMap(({ month }) =>
    currencies.map((currency) => {
      const row = rated.get(key(month, currency));
      return { month, currency, mrr: Math.round(num(row?.mrr)), subscriptions: num(row?.n), canceled: canceled.get(key(month, currency)) ?? 0 };
    }),
  );
}

const isoOf = (value: string | Date | null): string | null =>
  value === null ? null : new Date(typeof value === 'string' ? value.replace(' +00:00', 'Z').replace(' ', 'T') : value).toISOString();

/** The newest failed payments nobody has acted on yet: the dashboard's to-do card. */
export async function failedAwaitingAction(db: Database, limit = 10): Promise<AwaitingPayment[]> {
  const s = await sql(db);
  type Row = Omit<AwaitingPayment, 'nextRetryAt' | 'attemptedAt' | 'amount'> & {
    amount: number | string;
    nextRetryAt: string | Date | null;
    attemptedAt: string | Date | null;
  };
  const rows = await s.reader.select<Row>(
    `SELECT p.id AS id, p.customer_id AS "customerId", c.email AS "customerEmail", p.amount AS amount, p.currency AS currency,
            p.failure_code AS "failureCode", p.failure_message AS "failureMessage", p.attempt_count AS "attemptCount",
            p.next_retry_at AS "nextRetryAt", p.attempted_at AS "attemptedAt"
       FROM payments p LEFT JOIN customers c ON c.id = p.customer_id
      WHERE ${AWAITING} ORDER BY p.attempted_at DESC LIMIT ?`,
    [limit],
  );
  return rows.map((row) => ({ ...row, amount: num(row.amount), nextRetryAt: isoOf(row.nextRetryAt), attemptedAt: isoOf(row.attemptedAt) }));
}
