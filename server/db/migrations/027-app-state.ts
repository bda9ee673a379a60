import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * Issue 15, measured: comparing and writing Recur's own events inside Stripe's apply transaction
 * cost about a fifth of webhook intake. The apply path now only marks the customers a batch
 * touched (`dirty`); the outgoing-webhook worker compares their state with `snapshot`, the state
 * last announced to the apps, writes the events and the new snapshot in one transaction, paced
 * after the burst (server/appEvents/notice.ts).
 *
 * `snapshot` NULL means "nothing announced yet": a customer the apply path created.
 */
export const migration: Migration = {
  name: '027-app-state',
  async up(qi: QueryInterface) {
    await qi.createTable('app_state', {
      customer_id: { type: DataTypes.INTEGER, primaryKey: true, allowNull: false },
      snapshot: { type: DataTypes.TEXT, allowNull: true },
      dirty: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });
    // The worker's queue: the dirty customers, in id order.
    await qi.addIndex('app_state', ['dirty', 'customer_id']);
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('app_state');
  },
};
