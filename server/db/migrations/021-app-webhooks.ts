import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * Issue 15: outgoing webhooks. app_events is a transactional outbox: a row is written in the
 * transaction that changed Recur's state, and the delivery worker fans it out to endpoints
 * (one webhook_deliveries row per event and endpoint, unique, so two instances fanning out the
 * same event make one delivery).
 *
 * The signing secret is stored as it is: Standard Webhooks signs with HMAC-SHA256 keyed by the
 * secret itself, so a hash could not sign; encrypting it with a key kept beside it in the same
 * database would protect nothing. The API shows it once (create, rotate) and never again.
 */
export const migration: Migration = {
  name: '021-app-webhooks',
  async up(qi: QueryInterface) {
    await qi.createTable('app_events', {
      id: { type: DataTypes.STRING(40), primaryKey: true, allowNull: false },
      type: { type: DataTypes.STRING(40), allowNull: false },
      data: { type: DataTypes.TEXT, allowNull: false },
      // false until the worker made its deliveries
      fanned_out: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    // The fan-out's queue. No other index: every row is written inside Stripe's apply path, where each costs.
    await qi.addIndex('app_events', ['fanned_out', 'created_at']);

    await qi.createTable('webhook_endpoints', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      url: { type: DataTypes.STRING(2000), allowNull: false },
      description: { type: DataTypes.STRING(500), allowNull: true },
      // JSON array of event types
      events: { type: DataTypes.TEXT, allowNull: false },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      secret: { type: DataTypes.STRING(100), allowNull: false },
      // every attempt since then failed; null after a success
      failing_since: { type: DataTypes.DATE, allowNull: true },
      last_success_at: { type: DataTypes.DATE, allowNull: true },
      disabled_at: { type: DataTypes.DATE, allowNull: true },
      disabled_reason: { type: DataTypes.STRING(500), allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });

    await qi.createTable('webhook_deliveries', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      endpoint_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'webhook_endpoints', key: 'id' }, onDelete: 'CASCADE' },
      event_id: { type: DataTypes.STRING(40), allowNull: false, references: { model: 'app_events', key: 'id' }, onDelete: 'CASCADE' },
      event_type: { type: DataTypes.STRING(40), allowNull: false },
      // pending → sending (claimed, leased) → succeeded | pending again (retry) | failed
      status: { type: DataTypes.STRING(16), allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      next_attempt_at: { type: DataTypes.DATE, allowNull: true },
      // the retry window (3 days) runs from here: the first attempt, or the last replay
      window_start: { type: DataTypes.DATE, allowNull: false },
      claim_token: { type: DataTypes.STRING(40), allowNull: true },
      claimed_until: { type: DataTypes.DATE, allowNull: true },
      response_status: { type: DataTypes.INTEGER, allowNull: true },
      response_excerpt: { type: DataTypes.STRING(600), allowNull: true },
      last_error: { type: DataTypes.STRING(600), allowNull: true },
      // JSON: the latest attempts, [{at, status, error, ms}]
      attempt_log: { type: DataTypes.TEXT, allowNull: false, defaultValue: '[]' },
      last_attempt_at: { type: DataTypes.DATE, allowNull: true },
      delivered_at: { type: DataTypes.DATE, allowNull: true },
      replays: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('webhook_deliveries', ['event_id', 'endpoint_id'], { unique: true, name: 'webhook_deliveries_event_endpoint' });
    await qi.addIndex('webhook_deliveries', ['status', 'next_attempt_at']);
    await qi.addIndex('webhook_deliveries', ['endpoint_id', 'created_at']);
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('webhook_deliveries');
    await qi.dropTable('webhook_endpoints');
    await qi.dropTable('app_events');
  },
};
