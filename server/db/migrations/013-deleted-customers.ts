import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * A customer deleted in Stripe stays in Recur, with its invoices and payments, marked with when
 * Stripe deleted it: Stripe deletes for good ("It cannot be undone", docs.stripe.com/api/customers/delete),
 * and Recur never deletes what it mirrored.
 */
export const migration: Migration = {
  name: '013-deleted-customers',
  async up(qi: QueryInterface) {
    await qi.addColumn('customers', 'deleted_at', { type: DataTypes.DATE, allowNull: true });
  },
  async down(qi: QueryInterface) {
    await qi.removeColumn('customers', 'deleted_at');
  },
};
