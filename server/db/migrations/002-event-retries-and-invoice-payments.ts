import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * Failed events are retried with backoff (next_attempt_at); an invoice remembers the payment
 * intent that paid it, because invoice_payment.paid and invoice.paid may arrive in either order.
 */
export const migration: Migration = {
  name: '002-event-retries-and-invoice-payments',
  async up(qi: QueryInterface) {
    await qi.addColumn('stripe_events', 'next_attempt_at', { type: DataTypes.DATE, allowNull: true });
    await qi.addColumn('invoices', 'stripe_payment_intent_id', { type: DataTypes.STRING, allowNull: true });
    await qi.addColumn('invoices', 'stripe_charge_id', { type: DataTypes.STRING, allowNull: true });
    await qi.addIndex('payments', ['stripe_payment_intent_id']);
    await qi.addIndex('payments', ['stripe_charge_id']);
  },
  async down(qi: QueryInterface) {
    await qi.removeIndex('payments', ['stripe_charge_id']);
    await qi.removeIndex('payments', ['stripe_payment_intent_id']);
    await qi.removeColumn('invoices', 'stripe_charge_id');
    await qi.removeColumn('invoices', 'stripe_payment_intent_id');
    await qi.removeColumn('stripe_events', 'next_attempt_at');
  },
};
