import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

const id = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false };
const timestamps = {
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
};
const money = { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 };
const ref = (table: string, onDelete: 'CASCADE' | 'SET NULL' = 'SET NULL') => ({
  type: DataTypes.INTEGER,
  allowNull: onDelete !== 'CASCADE',
  references: { model: table, key: 'id' },
  onDelete,
});
/** unix seconds of the newest Stripe event applied to the row: older events never overwrite it */
const lastEventAt = { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 };

export const migration: Migration = {
  name: '001-initial-schema',
  async up(qi: QueryInterface) {
    await qi.createTable('plans', {
      id,
      name: { type: DataTypes.STRING(80), allowNull: false },
      tier: { type: DataTypes.STRING(16), allowNull: false },
      amount: money,
      currency: { type: DataTypes.STRING(3), allowNull: false },
      interval: { type: DataTypes.STRING(8), allowNull: false },
      interval_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      trial_days: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      stripe_product_id: { type: DataTypes.STRING, allowNull: true, unique: true },
      stripe_price_id: { type: DataTypes.STRING, allowNull: true, unique: true },
      ...timestamps,
    });
    await qi.createTable('prices', {
      id,
      plan_id: ref('plans', 'CASCADE'),
      stripe_price_id: { type: DataTypes.STRING, allowNull: false, unique: true },
      amount: money,
      currency: { type: DataTypes.STRING(3), allowNull: false },
      interval: { type: DataTypes.STRING(8), allowNull: false },
      interval_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      ...timestamps,
    });
    await qi.createTable('customers', {
      id,
      email: { type: DataTypes.STRING, allowNull: false },
      name: { type: DataTypes.STRING, allowNull: true },
      stripe_customer_id: { type: DataTypes.STRING, allowNull: true, unique: true },
      currency: { type: DataTypes.STRING(3), allowNull: true },
      monthly_total: money,
      yearly_total: money,
      collected_30d: money,
      collected_365d: money,
      last_event_at: lastEventAt,
      ...timestamps,
    });
    await qi.addIndex('customers', ['email']);
    await qi.createTable('subscriptions', {
      id,
      customer_id: ref('customers', 'CASCADE'),
      plan_id: ref('plans'),
      stripe_subscription_id: { type: DataTypes.STRING, allowNull: false, unique: true },
      stripe_price_id: { type: DataTypes.STRING, allowNull: true },
      status: { type: DataTypes.STRING(24), allowNull: false },
      quantity: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      unit_amount: money,
      currency: { type: DataTypes.STRING(3), allowNull: false },
      interval: { type: DataTypes.STRING(8), allowNull: false },
      interval_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      current_period_start: { type: DataTypes.DATE, allowNull: true },
      current_period_end: { type: DataTypes.DATE, allowNull: true },
      cancel_at_period_end: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      canceled_at: { type: DataTypes.DATE, allowNull: true },
      trial_end: { type: DataTypes.DATE, allowNull: true },
      last_event_at: lastEventAt,
      ...timestamps,
    });
    await qi.addIndex('subscriptions', ['customer_id']);
    await qi.addIndex('subscriptions', ['status']);
    await qi.createTable('invoices', {
      id,
      customer_id: ref('customers', 'CASCADE'),
      subscription_id: ref('subscriptions'),
      stripe_invoice_id: { type: DataTypes.STRING, allowNull: false, unique: true },
      number: { type: DataTypes.STRING, allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false },
      currency: { type: DataTypes.STRING(3), allowNull: false },
      amount_due: money,
      amount_paid: money,
      amount_remaining: money,
      attempt_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      next_payment_attempt: { type: DataTypes.DATE, allowNull: true },
      billing_reason: { type: DataTypes.STRING(32), allowNull: true },
      hosted_invoice_url: { type: DataTypes.STRING(1024), allowNull: true },
      period_start: { type: DataTypes.DATE, allowNull: true },
      period_end: { type: DataTypes.DATE, allowNull: true },
      last_event_at: lastEventAt,
      ...timestamps,
    });
    await qi.addIndex('invoices', ['customer_id']);
    await qi.createTable('payments', {
      id,
      customer_id: ref('customers', 'CASCADE'),
      subscription_id: ref('subscriptions'),
      invoice_id: ref('invoices'),
      stripe_invoice_id: { type: DataTypes.STRING, allowNull: false },
      stripe_payment_intent_id: { type: DataTypes.STRING, allowNull: true },
      stripe_charge_id: { type: DataTypes.STRING, allowNull: true },
      amount: money,
      currency: { type: DataTypes.STRING(3), allowNull: false },
      status: { type: DataTypes.STRING(24), allowNull: false },
      failure_code: { type: DataTypes.STRING(64), allowNull: true },
      failure_message: { type: DataTypes.STRING(512), allowNull: true },
      attempt_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      next_retry_at: { type: DataTypes.DATE, allowNull: true },
      billing_reason: { type: DataTypes.STRING(32), allowNull: true },
      refunded_amount: money,
      retried_at: { type: DataTypes.DATE, allowNull: true },
      retried_by: { type: DataTypes.STRING, allowNull: true },
      retry_outcome: { type: DataTypes.STRING(32), allowNull: true },
      attempted_at: { type: DataTypes.DATE, allowNull: false },
      ...timestamps,
    });
    // One row per attempt outcome: invoice.paid and invoice.payment_succeeded describe the same attempt.
    await qi.addIndex('payments', ['stripe_invoice_id', 'attempt_count'], { unique: true });
    await qi.addIndex('payments', ['status', 'attempted_at']);
    await qi.addIndex('payments', ['customer_id']);
    await qi.createTable('stripe_events', {
      id: { type: DataTypes.STRING, primaryKey: true, allowNull: false },
      type: { type: DataTypes.STRING(80), allowNull: false },
      object_type: { type: DataTypes.STRING(48), allowNull: true },
      object_id: { type: DataTypes.STRING, allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      error: { type: DataTypes.TEXT, allowNull: true },
      payload: { type: DataTypes.TEXT, allowNull: false },
      stripe_created: { type: DataTypes.BIGINT, allowNull: false },
      received_at: { type: DataTypes.DATE, allowNull: false },
      processed_at: { type: DataTypes.DATE, allowNull: true },
    });
    await qi.addIndex('stripe_events', ['status', 'stripe_created']);
    await qi.createTable('admin_users', {
      id,
      email: { type: DataTypes.STRING, allowNull: false, unique: true },
      name: { type: DataTypes.STRING, allowNull: true },
      role: { type: DataTypes.STRING(16), allowNull: false },
      password_hash: { type: DataTypes.STRING, allowNull: false },
      ...timestamps,
    });
    await qi.createTable('sessions', {
      // sha256 of the cookie's token: a leaked database does not hand out live sessions
      id: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
      admin_user_id: ref('admin_users', 'CASCADE'),
      expires_at: { type: DataTypes.DATE, allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.createTable('audit_logs', {
      id,
      admin_user_id: ref('admin_users'),
      actor: { type: DataTypes.STRING, allowNull: false },
      action: { type: DataTypes.STRING(64), allowNull: false },
      entity_type: { type: DataTypes.STRING(32), allowNull: true },
      entity_id: { type: DataTypes.STRING, allowNull: true },
      details: { type: DataTypes.TEXT, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.createTable('settings', {
      key: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
      value: { type: DataTypes.TEXT, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });
  },
  async down(qi: QueryInterface) {
    for (const table of [
      'settings',
      'audit_logs',
      'sessions',
      'admin_users',
      'stripe_events',
      'payments',
      'invoices',
      'subscriptions',
      'customers',
      'prices',
      'plans',
    ]) {
      await qi.dropTable(table);
    }
  },
};
