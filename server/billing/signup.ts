import type Stripe from 'stripe';
import { Customer, Plan, Subscription } from '../db/models';
import { BadRequestError } from '../errors';
import type { SignupForm } from '../../shared/signup';

export async function listSignupPlans(): Promise<Plan[]> {
  return Plan.findAll({ where: { active: true }, order: [['tier', 'DESC'], ['amount', 'ASC']] });
}

/** Stripe customers are found by e-mail so a returning person does not become a second customer. */
async function findOrCreateStripeCustomer(stripe: Stripe, email: string, name: string): Promise<string> {
  const known = await Customer.findOne({ where: { email }, order: [['id', 'ASC']] });
  if (known?.stripeCustomerId && (await stripeCustomerExists(stripe, known.stripeCustomerId))) return known.stripeCustomerId;
  const existing = await stripe.customers.list({ email, limit: 1 });
  if (existing.data[0]) return existing.data[0].id;
  const created = await stripe.customers.create({ email, name, metadata: { source: 'recur-signup' } });
  return created.id;
}

/** A mirrored customer may be gone from Stripe (deleted there, or an emulator that restarted empty). */
async function stripeCustomerExists(stripe: Stripe, id: string): Promise<boolean> {
  try {
    return !(await stripe.customers.retrieve(id)).deleted;
  } catch (error) {
    if ((error as Stripe.errors.StripeError).code === 'resource_missing') return false;
    throw error;
  }
}

/** Starts Stripe Checkout for the chosen plan and returns the page to send the person to. */
export async function startCheckout(stripe: Stripe, baseUrl: string, slug: string, form: SignupForm): Promise<string> {
  const plan = await Plan.findByPk(form.plan);
  if (!plan || !plan.active || !plan.stripePriceId) {
    throw new BadRequestError('That plan is not available', { plan: 'Choose one of the plans listed' });
  }
  const customer = await findOrCreateStripeCustomer(stripe, form.email.toLowerCase(), form.name);
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer,
    line_items: [{ price: plan.stripePriceId, quantity: 1 }],
    success_url: `${baseUrl}/signup/${slug}/done?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${baseUrl}/signup/${slug}?canceled=1`,
    client_reference_id: `plan-${plan.id}`,
    metadata: { recurPlanId: String(plan.id), signupForm: slug },
    subscription_data: {
      metadata: { recurPlanId: String(plan.id), signupForm: slug },
      ...(plan.trialDays > 0 ? { trial_period_days: plan.trialDays } : {}),
    },
  });
  if (!session.url) throw new Error('Stripe returned a Checkout Session without a URL');
  return session.url;
}

export type CheckoutOutcome =
  | { kind: 'active'; planName: string | null; status: string }
  | { kind: 'processing'; planName: string | null }
  | { kind: 'open' }
  | { kind: 'expired' }
  | { kind: 'unknown' };

/** What the done page tells the person: the session as Stripe has it, and Recur's mirror of it. */
export async function checkoutOutcome(stripe: Stripe, sessionId: string): Promise<CheckoutOutcome> {
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.retrieve(sessionId);
  } catch (error) {
    if ((error as Stripe.errors.StripeError).code === 'resource_missing') return { kind: 'unknown' };
    throw error;
  }
  if (session.status === 'expired') return { kind: 'expired' };
  if (session.status !== 'complete') return { kind: 'open' };
  const stripeSubscriptionId = typeof session.subscription === 'string' ? session.subscription : session.subscription?.id;
  const planId = Number(session.metadata?.recurPlanId);
  const plan = Number.isInteger(planId) ? await Plan.findByPk(planId) : null;
  const local = stripeSubscriptionId ? await Subscription.findOne({ where: { stripeSubscriptionId } }) : null;
  if (!local) return { kind: 'processing', planName: plan?.name ?? null };
  return { kind: 'active', planName: plan?.name ?? null, status: local.status };
}
