import { Op, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * A payment row per Stripe charge. Stripe's invoice attempt_count only counts the first attempt
 * and automatic retries (a manual invoices.pay leaves it alone), so (invoice, attempt_count) no
 * longer tells attempts apart: each attempt is its own charge. The charge id is unique when
 * known, and an invoice has at most one successful payment (a payment waiting for 3D Secure is
 * not one yet).
 */
export const migration: Migration = {
  name: '010-payments-per-charge',
  async up(qi: QueryInterface) {
    await qi.removeIndex('payments', ['stripe_invoice_id', 'attempt_count']);
    await qi.addIndex('payments', ['stripe_invoice_id', 'attempt_count'], { name: 'payments_invoice_attempt' });
    await qi.removeIndex('payments', ['stripe_charge_id']);
    await qi.addIndex('payments', ['stripe_charge_id'], { name: 'payments_charge_unique', unique: true, where: { stripe_charge_id: { [Op.ne]: null } } });
    await qi.addIndex('payments', ['stripe_invoice_id'], {
      name: 'payments_one_success_per_invoice',
      unique: true,
      where: { status: { [Op.notIn]: ['failed', 'requires_action'] } },
    });
  },
  async down(qi: QueryInterface) {
    await qi.removeIndex('payments', 'payments_one_success_per_invoice');
    await qi.removeIndex('payments', 'payments_charge_unique');
    await qi.addIndex('payments', ['stripe_charge_id']);
    await qi.removeIndex('payments', 'payments_invoice_attempt');
    await qi.addIndex('payments', ['stripe_invoice_id', 'attempt_count'], { unique: true });
  },
};
