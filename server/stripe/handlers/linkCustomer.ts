import { Op, type Transaction } from 'sequelize';
import { emitAppEvent } from '../../appEvents/emit';
import { Customer, SignupLink } from '../../db/models';

/**
 * A Checkout started through an app's signup link completed for `stripeCustomerId`: the link is
 * spent, and the customer is linked to the app's user id, with `customer.linked` written in the
 * same transaction, so the event exists exactly when the link does.
 *
 * Runs where the customer is already mirrored (the checkout.session handler names it as a parent;
 * the done page applies the session through the same handler). On PostgreSQL applying holds the
 * apply lock, so the look-ups below cannot race another instance's link.
 *
 * The customer is either the one already linked to that user (nothing changes, no event) or the
 * one this Checkout created. A user id still held by a customer deleted in Stripe moves to the new
 * one (the deleted row keeps its history). Held by another live customer — two Checkouts through
 * links for one user, both paid before either completed — the first link stays: the user id names
 * one customer, and moving it would silently change whose portal the app opens.
 */
export async function linkSignupCustomer(signupLinkId: number, stripeCustomerId: string, transaction: Transaction): Promise<void> {
  const link = await SignupLink.findByPk(signupLinkId, { transaction });
  const customer = await Customer.findOne({ where: { stripeCustomerId }, transaction });
  if (!link || !customer) return;
  await SignupLink.update({ usedAt: new Date(), customerId: customer.id }, { where: { id: link.id, usedAt: null }, transaction });
  if (customer.externalId !== null) return;
  const holder = await Customer.findOne({ where: { externalId: link.externalId, id: { [Op.ne]: customer.id } }, transaction });
  if (holder && !holder.deletedAt) return;
  if (holder) await holder.update({ externalId: null }, { transaction });
  await customer.update({ externalId: link.externalId }, { transaction });
  await emitAppEvent(
    'customer.linked',
    { customerId: customer.id, externalId: link.externalId, email: customer.email, stripeCustomerId, ...(holder ? { previousCustomerId: holder.id } : {}) },
    transaction,
  );
}
