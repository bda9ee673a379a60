import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * Fixed-window counters (a bucket such as "signup:ip:203.0.113.7", the window's start in ms,
 * the hits in it). One row per bucket and window, incremented by a single upsert, so concurrent
 * requests — on several instances sharing PostgreSQL too — each get a distinct count.
 */
export const migration: Migration = {
  name: '015-rate-limits',
  async up(qi: QueryInterface) {
    await qi.createTable('rate_limits', {
      bucket: { type: DataTypes.STRING(200), primaryKey: true, allowNull: false },
      window_start: { type: DataTypes.BIGINT, primaryKey: true, allowNull: false },
      hits: { type: DataTypes.INTEGER, allowNull: false },
    });
    await qi.addIndex('rate_limits', ['window_start']);
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('rate_limits');
  },
};
