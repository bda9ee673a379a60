import type Stripe from 'stripe';
import { Op } from 'sequelize';
import { PendingSignup, SignupLink } from '../db/models';
import type { Database } from '../db/sequelize';
import { recordCompletedSignup } from '../stripe/handlers/checkoutSession';
import { applySnapshots } from '../stripe/apply/batch';
import { fetched } from '../stripe/apply/snapshot';
import { createLogger, type Logger } from '../logger';
import { pruneRateLimits } from './rateLimit';

/** Checkout Sessions expire at most 24 hours after they are made (expires_at, docs.stripe.com/api/checkout/sessions/create). */
const SESSION_LIFETIME_MS = 24 * 3_600_000;
/** how many rows one sweep looks at; the next sweep takes the rest */
const SWEEP_BATCH = 100;

/** The form's answers on the Stripe customer (as `form_<key>`), as Recur has always put them there. */
function customerMetadata(pending: PendingSignup): Record<string, string> {
  if (!pending.answers.length) return {};
  const metadata: Record<string, string> = { signupForm: pending.formSlug };
  for (const { key, value } of pending.answers) metadata[`form_${key}`] = String(value);
  return metadata;
}

/**
 * Writes a completed signup's details to its Stripe customer, then forgets them. A customer that
 * Checkout created gets the name typed into the form (Checkout only knows the cardholder's) and
 * `source: recur-signup`; an existing customer keeps its name and gets the form's metadata — only
 * now that a Checkout for them has completed. Setting the same values twice is harmless, so two
 * instances (or the done page and the sweep) finishing one row at once do no damage.
 */
async function finishSignup(stripe: Stripe, db: Database, pending: PendingSignup): Promise<void> {
  const customer = pending.stripeCustomerId;
  const metadata = customerMetadata(pending);
  const params: Stripe.CustomerUpdateParams = pending.newCustomer ? { name: pending.name, metadata: { source: 'recur-signup', ...metadata } } : { metadata };
  if (customer && (pending.newCustomer || Object.keys(metadata).length)) {
    try {
      await stripe.customers.update(customer, params);
    } catch (error) {
      // Deleted in Stripe since: there is nobody left to write to.
      if ((error as Stripe.errors.StripeError).code !== 'resource_missing') throw error;
    }
  }
  await db.write((transaction) => PendingSignup.destroy({ where: { checkoutSessionId: pending.checkoutSessionId }, transaction }));
}

/** Applying reports nothing through its logger; the sweep has none of its own. */
const quiet = createLogger('silent');

/**
 * A Checkout Session Stripe reports complete (the done page read it): recorded as the webhook
 * handler records it — whichever comes first — and its details written to Stripe. One started
 * through an app's signup link links its customer, whose row must exist first: that session is
 * applied through the handlers as a fetched object, which mirrors its customer (and subscription)
 * and then records and links it in one transaction.
 */
export async function completeSignup(stripe: Stripe, db: Database, session: Stripe.Checkout.Session, log: Logger = quiet): Promise<void> {
  if (session.status !== 'complete') return;
  const started = await PendingSignup.findByPk(session.id);
  if (started?.signupLinkId && !started.completedAt) {
    await applySnapshots(new Map([['checkout.session', [fetched<unknown>(session, Math.floor(Date.now() / 1000))]]]), { stripe, db, log });
  } else {
    await db.write((transaction) => recordCompletedSignup(session, transaction));
  }
  const pending = await PendingSignup.findByPk(session.id);
  if (pending?.completedAt) await finishSignup(stripe, db, pending);
}

/**
 * What the done page and the webhook left undone: completed signups whose details did not reach
 * Stripe yet (the person closed the tab before the done page, or Stripe failed), and sessions
 * old enough to have expired — asked once more, since a completion webhook may still be on its
 * way (Stripe retries for days); gone or expired ones are deleted with what was typed.
 */
export async function sweepSignups(stripe: Stripe, db: Database, now = Date.now()): Promise<void> {
  const completed = await PendingSignup.findAll({ where: { completedAt: { [Op.ne]: null } }, order: [['completedAt', 'ASC']], limit: SWEEP_BATCH });
  for (const pending of completed) await finishSignup(stripe, db, pending);
  const stale = await PendingSignup.findAll({
    where: { completedAt: null, createdAt: { [Op.lt]: new Date(now - SESSION_LIFETIME_MS - 3_600_000) } },
    order: [['createdAt', 'ASC']],
    limit: SWEEP_BATCH,
  });
  for (const pending of stale) {
    const session = await stripe.checkout.sessions.retrieve(pending.checkoutSessionId).catch((error: Stripe.errors.StripeError) => {
      if (error.code === 'resource_missing') return null;
      throw error;
    });
    if (session?.status === 'complete') await completeSignup(stripe, db, session);
    else if (session?.status !== 'open') await db.write((transaction) => pending.destroy({ transaction }));
  }
  await pruneRateLimits(db, now - SESSION_LIFETIME_MS);
  // Unused app signup links, a week after they expired: completing needs the link, and a Checkout
  // started the minute before it expired lives a day more, its webhook retried for days after.
  const spentBefore = new Date(now - 7 * 24 * 3_600_000);
  await db.write((transaction) => SignupLink.destroy({ where: { usedAt: null, expiresAt: { [Op.lt]: spentBefore } }, transaction }));
}

/** Sweeps every `everyMs` (the first soon after start); the stop function waits for a sweep under way. */
export function scheduleSignupSweep(stripe: Stripe, db: Database, everyMs: number, onError: (error: unknown) => void): () => Promise<void> {
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= sweepSignups(stripe, db)
      .catch(onError)
      .finally(() => (running = null));
  };
  const first = setTimeout(run, 10_000);
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
