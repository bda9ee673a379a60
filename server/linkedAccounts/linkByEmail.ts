import { Op, UniqueConstraintError } from 'sequelize';
import { emitAppEvent } from '../appEvents/emit';
import { audit, type AuditActor } from '../billing/audit';
import { Customer } from '../db/models';
import type { Database } from '../db/sequelize';
import { ConflictError, NotFoundError } from '../errors';

export interface LinkAnswer {
  customerId: number;
  externalId: string;
  email: string;
  /** false when the user id named this customer already (a repeated call changes nothing) */
  linked: boolean;
}

/**
 * Links an existing customer, found by e-mail, to the app's user id — for users who subscribed
 * before the app used signup links. The app's server vouches for the pairing (a key with `write`),
 * so unlike a signup link this may name an existing customer. Nothing is moved silently: a user id
 * held by another customer, or a customer linked to another user id, is a 409, and an e-mail shared
 * by several live customers is a 409 too (which one the app means is not ours to guess).
 */
export async function linkCustomerByEmail(db: Database, externalId: string, email: string, actor: AuditActor): Promise<LinkAnswer> {
  try {
    return await db.write(async (transaction) => {
      const candidates = await Customer.findAll({ where: { email: email.toLowerCase(), deletedAt: { [Op.is]: null } }, order: [['id', 'ASC']], transaction });
      if (!candidates.length) throw new NotFoundError(`No customer with the e-mail ${email}`);
      if (candidates.length > 1)
        throw new ConflictError(`${candidates.length} customers have the e-mail ${email}; link through a signup link, or ask an admin which one is meant`);
      const customer = candidates[0]!;
      if (customer.externalId === externalId) return { customerId: customer.id, externalId, email: customer.email, linked: false };
      if (customer.externalId !== null) throw new ConflictError(`The customer with the e-mail ${email} is linked to another user id already`);
      const holder = await Customer.findOne({ where: { externalId }, transaction });
      if (holder && !holder.deletedAt) throw new ConflictError(`The user id ${externalId} is linked to another customer already`);
      // A customer deleted in Stripe keeps its history but gives up the user id, as a signup link's does.
      if (holder) await holder.update({ externalId: null }, { transaction });
      await customer.update({ externalId }, { transaction });
      await emitAppEvent(
        'customer.linked',
        {
          customerId: customer.id,
          externalId,
          email: customer.email,
          stripeCustomerId: customer.stripeCustomerId,
          ...(holder ? { previousCustomerId: holder.id } : {}),
        },
        transaction,
      );
      await audit(actor, { action: 'customer.link', entityType: 'customer', entityId: customer.id, details: { externalId } }, transaction);
      return { customerId: customer.id, externalId, email: customer.email, linked: true };
    });
  } catch (error) {
    // Two instances linking the same user id at once: the unique index decides, the loser hears why.
    if (error instanceof UniqueConstraintError) throw new ConflictError(`The user id ${externalId} is linked to another customer already`);
    throw error;
  }
}
