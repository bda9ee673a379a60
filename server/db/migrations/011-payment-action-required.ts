import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * Payments that wait for the customer to authenticate (3D Secure) get a status of their own,
 * `requires_action`, and keep the link where the customer completes them (the invoice's hosted page).
 * Retry outcomes get room for a sentence.
 */
export const migration: Migration = {
  name: '011-payment-action-required',
  async up(qi: QueryInterface) {
    await qi.addColumn('payments', 'action_url', { type: DataTypes.STRING(2048), allowNull: true });
    // A retry's outcome says in words what happened ("requires action: …", a decline's message),
    // longer than 32 characters. SQLite does not enforce VARCHAR lengths (and rebuilding the table
    // would drop its count triggers), so only PostgreSQL's column is widened.
    if (qi.sequelize.getDialect() === 'postgres') await qi.sequelize.query('ALTER TABLE payments ALTER COLUMN retry_outcome TYPE VARCHAR(255)');
  },
  async down(qi: QueryInterface) {
    if (qi.sequelize.getDialect() === 'postgres')
      await qi.sequelize.query('ALTER TABLE payments ALTER COLUMN retry_outcome TYPE VARCHAR(32) USING left(retry_outcome, 32)');
    await qi.removeColumn('payments', 'action_url');
  },
};
