import type { SessionUser } from '../auth/sessions';
import { StripeEvent } from '../db/models';
import type { Database } from '../db/sequelize';
import { ConflictError, NotFoundError } from '../errors';
import type { Inbox } from '../stripe/inbox';
import { audit } from './audit';

/** Puts a stored event back in the queue; applying is idempotent, so replaying a processed one is safe. */
export async function replayEvent(db: Database, inbox: Inbox, id: string, actor: SessionUser): Promise<StripeEvent> {
  const event = await StripeEvent.findByPk(id);
  if (!event) throw new NotFoundError(`No stored event ${id}`);
  if (event.status === 'pending') throw new ConflictError('This event is already waiting to be applied');
  const replayed = await db.write(async (transaction) => {
    await audit(actor, { action: 'event.replay', entityType: 'event', entityId: id, details: { previousStatus: event.status } }, transaction);
    return event.update({ status: 'pending', nextAttemptAt: null }, { transaction });
  });
  inbox.kick();
  await inbox.idle();
  return (await StripeEvent.findByPk(id)) ?? replayed;
}

/** The event as the admin's payload viewer shows it: the stored JSON parsed. */
export function presentEvent(event: StripeEvent): object {
  const { payload, ...rest } = event.toJSON();
  return { ...rest, payload: JSON.parse(payload) as unknown };
}
