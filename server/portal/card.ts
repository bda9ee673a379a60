import type Stripe from 'stripe';
import { audit } from '../billing/audit';
import type { Customer } from '../db/models';
import { ConflictError, NotFoundError } from '../errors';
import type { HandlerContext } from '../stripe/handlers';
import { customerActor } from './actor';
import { liveSubscriptions } from './view';

function stripeCustomerOf(customer: Customer): string {
  if (!customer.stripeCustomerId) throw new ConflictError('There is no billing account to save a card on yet');
  return customer.stripeCustomerId;
}

/** "Update card": Stripe Checkout in setup mode, so the card number is typed on Stripe's page only. */
export async function startCardUpdate(stripe: Stripe, baseUrl: string, customer: Customer): Promise<string> {
  const session = await stripe.checkout.sessions.create({
    mode: 'setup',
    customer: stripeCustomerOf(customer),
    currency: customer.currency ?? (await liveSubscriptions(customer.id))[0]?.currency ?? 'usd',
    success_url: `${baseUrl}/portal/card/done?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${baseUrl}/portal?done=card-canceled`,
    setup_intent_data: { metadata: { recurCustomerId: String(customer.id), purpose: 'portal-card-update' } },
  });
  if (!session.url) throw new Error('Stripe returned a Checkout Session without a URL');
  return session.url;
}

export type CardOutcome = { saved: true; last4: string } | { saved: false };

/**
 * Back from Checkout: Stripe attached the card but leaves the defaults alone, so the new card
 * becomes the customer's default and every live subscription's (a subscription's own default
 * wins over the customer's). Repeating it changes nothing more.
 */
export async function finishCardUpdate(ctx: HandlerContext, customer: Customer, sessionId: string): Promise<CardOutcome> {
  const stripeCustomer = stripeCustomerOf(customer);
  let session: Stripe.Checkout.Session;
  try {
    session = await ctx.stripe.checkout.sessions.retrieve(sessionId, { expand: ['setup_intent.payment_method'] });
  } catch (error) {
    if ((error as Stripe.errors.StripeError).code === 'resource_missing') throw new NotFoundError('No such card update');
    throw error;
  }
  const owner = typeof session.customer === 'string' ? session.customer : session.customer?.id;
  if (session.mode !== 'setup' || owner !== stripeCustomer) throw new NotFoundError('No such card update');
  const intent = session.setup_intent;
  if (session.status !== 'complete' || !intent || typeof intent === 'string') return { saved: false };
  const pm = intent.payment_method;
  if (!pm || typeof pm === 'string') return { saved: false };

  await ctx.stripe.customers.update(stripeCustomer, { invoice_settings: { default_payment_method: pm.id } });
  for (const subscription of await liveSubscriptions(customer.id)) {
    await ctx.stripe.subscriptions.update(subscription.stripeSubscriptionId, { default_payment_method: pm.id });
  }
  const last4 = pm.card?.last4 ?? '';
  await ctx.db.write((transaction) =>
    audit(
      customerActor(customer),
      { action: 'customer.update_card', entityType: 'customer', entityId: customer.id, details: { paymentMethod: pm.id, last4 } },
      transaction,
    ),
  );
  return { saved: true, last4 };
}
