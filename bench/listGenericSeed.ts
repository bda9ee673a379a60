// The data of bench/listGeneric: 1,000,000 rows in each of customers, subscriptions, the webhook
// inbox (stripe_events), notifications and the audit log, made by SQLite itself (INSERT ...
// SELECT over a generated sequence, one transaction per table), cached by schema and seed version.
import { cachedSeed, type SeededDatabase } from './seedCache';

export const ROWS = 1_000_000;
const SEED_VERSION = 1;
const START = Date.UTC(2024, 0, 1) / 1000;

/** Sequelize's SQLite date text, so the server reads, sorts and compares these like its own. */
const stamp = (seconds: string) => `strftime('%Y-%m-%d %H:%M:%f', ${seconds}, 'unixepoch') || ' +00:00'`;
const seq = (n: number) => `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${n})`;
/** one of the values, spread over i like a hash would */
const oneOf = (values: string[], salt: number) => `CASE (i * ${salt} + i / 7) % ${values.length} ${values.map((v, k) => `WHEN ${k} THEN ${v}`).join(' ')} END`;
const str = (values: string[]) => values.map((v) => `'${v}'`);

const EVENT_TYPES = [
  'invoice.paid',
  'invoice.payment_succeeded',
  'invoice.finalized',
  'invoice.created',
  'invoice.payment_failed',
  'customer.subscription.updated',
  'customer.subscription.created',
  'customer.updated',
  'charge.succeeded',
  'payment_intent.succeeded',
  'checkout.session.completed',
  'customer.created',
];
const TEMPLATES = ['payment_failed', 'payment_action_required', 'payment_receipt', 'trial_ending', 'subscription_canceled', 'magic_link', 'admin_alert'];
const ACTORS = ['owner@recur.local', 'anna@example.com', 'ben@example.com', 'carla@example.com', 'api-key:ops'];
const ACTIONS = [
  'payment.retry',
  'payment.refund',
  'subscription.cancel',
  'subscription.change_plan',
  'subscription.pause',
  'subscription.extend',
  'event.replay',
  'customer.charge',
  'coupon.create',
  'plan.update',
  'notification.resend',
  'sync.run',
  'settings.update',
  'admin_user.invite',
  'api_key.create',
];

const SEED = [
  `${seq(ROWS)} INSERT INTO customers (id, email, name, stripe_customer_id, currency, monthly_total, yearly_total,
     collected_30d, collected_365d, last_event_at, external_id, created_at, updated_at)
   SELECT i, 'customer' || i || '@example.com', 'Customer ' || (i % 50000), 'cus_bench_' || i, 'usd', (i * 37 % 200) * 100, (i * 37 % 200) * 1200,
     0, 0, 0, CASE WHEN i % 10 = 0 THEN 'ext_' || i END, ${stamp(`${START} + i * 30`)}, ${stamp(`${START} + i * 30`)} FROM seq`,
  // 70 % active, 15 % canceled (half of them with a reason), 8 % past due, 5 % trialing, 2 % unpaid; 1 % paused.
  `${seq(ROWS)}, r AS (SELECT i, i * 71 % 100 AS r FROM seq)
   INSERT INTO subscriptions (id, customer_id, plan_id, stripe_subscription_id, status, quantity, unit_amount, items, recurring_amount, currency,
     interval, interval_count, current_period_end, cancel_at_period_end, cancellation_feedback, pause_behavior, last_event_at, created_at, updated_at)
   SELECT i, (i * 7919 % ${ROWS}) + 1, CASE WHEN i % 50 = 0 THEN NULL ELSE 1 + i % 12 END, 'sub_bench_' || i,
     CASE WHEN r < 70 THEN 'active' WHEN r < 85 THEN 'canceled' WHEN r < 93 THEN 'past_due' WHEN r < 98 THEN 'trialing' ELSE 'unpaid' END,
     1, 1900, '[]', 1900, 'usd', 'month', 1, ${stamp(`${START} + (i % 30) * 86400`)}, 0,
     CASE WHEN r BETWEEN 70 AND 77 THEN ${oneOf(str(['too_expensive', 'unused', 'switched_service', 'missing_features', 'other']), 3)} END,
     CASE WHEN i % 100 = 1 THEN 'void' END, 0, ${stamp(`${START} + i * 30`)}, ${stamp(`${START} + i * 30`)} FROM r`,
  // Stripe's ids are random: the (type, id) and (status, id) indexes see them out of order.
  `${seq(ROWS)}, e AS (SELECT i, ${oneOf(str(EVENT_TYPES), 5)} AS type, i * 71 % 100 AS r FROM seq)
   INSERT INTO stripe_events (id, type, object_type, object_id, status, attempts, error, payload, stripe_created, received_at, processed_at)
   SELECT 'evt_' || printf('%08x', (i * 2654435761) % 4294967296) || printf('%07d', i), type,
     CASE WHEN type LIKE 'invoice.%' THEN 'invoice' WHEN type LIKE 'customer.subscription.%' THEN 'subscription' WHEN type LIKE 'customer.%' THEN 'customer'
       WHEN type LIKE 'charge.%' THEN 'charge' WHEN type LIKE 'payment_intent.%' THEN 'payment_intent' ELSE 'checkout.session' END,
     CASE WHEN type LIKE 'customer.%' AND type NOT LIKE 'customer.subscription.%' THEN 'cus_bench_' || (i % 50000 + 1) ELSE 'obj_bench_' || (i % 200000) END,
     CASE WHEN r < 96 THEN 'processed' WHEN r < 98 THEN 'ignored' ELSE 'failed' END, 1, CASE WHEN r >= 98 THEN 'No such plan' END,
     '{"id":"evt","object":"event","data":{"object":{"pad":"' || hex(randomblob(150)) || '"}}}',
     ${START} + i * 30, ${stamp(`${START} + i * 30 + 1`)}, ${stamp(`${START} + i * 30 + 2`)} FROM e`,
  `${seq(ROWS)}, n AS (SELECT i, i * 71 % 100 AS r FROM seq)
   INSERT INTO notifications (id, template, to_address, customer_id, subject, data, status, attempts, sent_at, created_at, updated_at)
   SELECT i, ${oneOf(str(TEMPLATES), 3)}, 'customer' || (i % 200000 + 1) || '@example.com', CASE WHEN i % 20 = 0 THEN NULL ELSE i % 200000 + 1 END,
     'Your receipt', '{}', CASE WHEN r < 85 THEN 'sent' WHEN r < 90 THEN 'stored' WHEN r < 95 THEN 'failed' ELSE 'skipped' END, 1,
     CASE WHEN r < 85 THEN ${stamp(`${START} + i * 30 + 5`)} END, ${stamp(`${START} + i * 30`)}, ${stamp(`${START} + i * 30`)} FROM n`,
  `${seq(ROWS)} INSERT INTO audit_logs (id, admin_user_id, actor, action, entity_type, entity_id, details, created_at)
   SELECT i, NULL, ${oneOf(str(ACTORS), 3)}, ${oneOf(str(ACTIONS), 7)},
     CASE i % 6 WHEN 0 THEN NULL WHEN 1 THEN 'payment' WHEN 2 THEN 'subscription' WHEN 3 THEN 'event' WHEN 4 THEN 'customer' ELSE 'plan' END,
     CAST(i % 100000 AS TEXT), '{"note":"bench"}', ${stamp(`${START} + i * 30`)} FROM seq`,
];

export type { SeededDatabase } from './seedCache';

export function seedGenericListDatabase(fresh = false): Promise<SeededDatabase> {
  return cachedSeed('list-generic', SEED_VERSION, SEED, fresh);
}
