import type Stripe from 'stripe';
import { Op, type Transaction } from 'sequelize';
import { Payment } from '../../db/models';
import { idOf, newestPerObject, type Snapshot } from '../apply/snapshot';
import type { ApplyUnit } from '../apply/unit';
import type { ObjectHandler } from './types';

function refundStatus(charge: Stripe.Charge): 'succeeded' | 'refunded' | 'partially_refunded' {
  if (charge.amount_refunded <= 0) return 'succeeded';
  return charge.refunded || charge.amount_refunded >= charge.amount ? 'refunded' : 'partially_refunded';
}

/**
 * A charge's state reaches the payment it paid for: its id, and how much of it was refunded.
 * Failed attempts keep their own rows untouched.
 */
export async function applyCharges(charges: Stripe.Charge[], unit: ApplyUnit): Promise<void> {
  const { transaction } = unit;
  for (const charge of charges) {
    const intentId = idOf(charge.payment_intent);
    if (!charge.paid || (!intentId && !charge.id)) continue;
    const where = intentId ? { [Op.or]: [{ stripePaymentIntentId: intentId }, { stripeChargeId: charge.id }] } : { stripeChargeId: charge.id };
    const payments = await Payment.findAll({ where: { ...where, status: { [Op.ne]: 'failed' } }, transaction });
    for (const payment of payments) {
      // A charge's refunded amount only grows: a charge read before a later refund (an event's
      // prefetch that lost the race with an admin's refund) must not take it back.
      if (charge.amount_refunded < payment.refundedAmount) continue;
      await payment.update({ stripeChargeId: charge.id, refundedAmount: charge.amount_refunded, status: refundStatus(charge) }, { transaction });
      unit.paidCustomers.add(payment.customerId);
    }
  }
}

export const chargeHandler: ObjectHandler<Stripe.Charge> = {
  apply: (snapshots: Snapshot<Stripe.Charge>[], unit) =>
    applyCharges(
      [...newestPerObject(snapshots, (c) => c.amount_refunded).values()].map((s) => s.object),
      unit,
    ),
};

/** Refund events say what was refunded, not the charge's total: the charge is read from Stripe. */
export const refundHandler: ObjectHandler<Stripe.Refund> = {
  async prefetch(snapshots, { stripe }, into) {
    for (const id of new Set(snapshots.map((s) => idOf(s.object.charge)).filter((id): id is string => !!id))) {
      into.charges.set(id, await stripe.charges.retrieve(id));
    }
  },
  apply: (snapshots, unit) =>
    applyCharges(
      snapshots.map((s) => unit.prefetched.charges.get(idOf(s.object.charge) ?? '')).filter((c): c is Stripe.Charge => !!c),
      unit,
    ),
};

export type { Transaction };
