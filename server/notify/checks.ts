import { Op } from 'sequelize';
import { Customer, StripeEvent, Subscription } from '../db/models';
import type { Database } from '../db/sequelize';
import { alertAdmins } from './alerts';
import { queue } from './outbox';

/** An event that failed this often is not a passing hiccup (the worker retries with backoff). */
export const FAILING_ATTEMPTS = 3;
/** ... nor are this many failures among the events of the last ten minutes. */
export const FAILING_RECENT_EVENTS = 5;
const RECENT_MS = 10 * 60_000;
/** Stripe's trial_will_end comes three days ahead; the check covers trials whose event never came. */
const TRIAL_NOTICE_MS = 3 * 24 * 3_600_000;

export interface CheckContext {
  db: Database;
  baseUrl: string;
}

/** Periodic checks, run by the sender: failing webhook processing, trials about to end. */
export async function runChecks(ctx: CheckContext): Promise<void> {
  await checkFailingWebhooks(ctx);
  await checkTrialsEnding(ctx);
}

export async function checkFailingWebhooks(ctx: CheckContext, now = new Date()): Promise<boolean> {
  const stuck = await StripeEvent.findAll({
    where: { status: 'failed', attempts: { [Op.gte]: FAILING_ATTEMPTS } },
    attributes: ['id', 'type', 'attempts', 'error'],
    order: [['attempts', 'DESC']],
    limit: 5,
  });
  const recent = await StripeEvent.count({ where: { status: 'failed', receivedAt: { [Op.gte]: new Date(now.getTime() - RECENT_MS) } } });
  if (!stuck.length && recent < FAILING_RECENT_EVENTS) return false;
  const failed = await StripeEvent.count({ where: { status: 'failed' } });
  const lines = [
    `${failed} webhook event${failed === 1 ? '' : 's'} failed to apply (${recent} of them received in the last 10 minutes).`,
    ...stuck.map((e) => `${e.id} (${e.type}), ${e.attempts} attempts: ${(e.error ?? '').slice(0, 200)}`),
  ];
  await alertAdmins(ctx.db, ctx.baseUrl, { kind: 'webhooks', title: 'Webhook events keep failing', details: lines.join('\n'), adminPath: '#/events' }, now);
  return true;
}

export async function checkTrialsEnding(ctx: CheckContext, now = new Date()): Promise<void> {
  const trials = await Subscription.findAll({
    where: { status: 'trialing', trialEnd: { [Op.gt]: now, [Op.lte]: new Date(now.getTime() + TRIAL_NOTICE_MS) } },
  });
  if (!trials.length) return;
  const customers = new Map((await Customer.findAll({ where: { id: trials.map((t) => t.customerId) } })).map((c) => [c.id, c]));
  await queue(
    ctx.db,
    trials.flatMap((trial) => {
      const customer = customers.get(trial.customerId);
      if (!customer?.email) return [];
      // The same key as the one trial_will_end queues, so a trial gets one notice whichever comes first.
      const dedupeKey = `trial_ending:${trial.stripeSubscriptionId}:${Math.floor(trial.trialEnd!.getTime() / 1000)}`;
      return [{ template: 'trial_ending' as const, to: customer.email, customerId: customer.id, data: { subscriptionId: trial.id }, dedupeKey }];
    }),
  );
}
