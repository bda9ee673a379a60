import type Stripe from 'stripe';
import { col, fn, where as sqlWhere } from 'sequelize';
import { findStripeCustomerByEmail } from './customerLookup';
import { Customer, Plan, SignupSubmission, Subscription, type SignupForm } from '../db/models';
import type { Database } from '../db/sequelize';
import { BadRequestError } from '../errors';
import type { SignupForm as SignupFields } from '../../shared/signup';
import type { CustomValue } from '../../shared/signupForms';

/**
 * Stripe customers are found by e-mail so a returning person does not become a second customer.
 * The form's custom values go onto the customer's metadata (form_<key>), so Stripe has them too.
 */
async function findOrCreateStripeCustomer(stripe: Stripe, email: string, typed: string, name: string, metadata: Record<string, string>): Promise<string> {
  // Mirrored rows keep the e-mail as Stripe has it, in whatever case it was created with.
  const known = await Customer.findOne({ where: sqlWhere(fn('lower', col('email')), email), order: [['id', 'ASC']] });
  let id: string | undefined;
  if (known?.stripeCustomerId && (await stripeCustomerExists(stripe, known.stripeCustomerId))) id = known.stripeCustomerId;
  id ??= await findStripeCustomerByEmail(stripe, email, typed);
  if (!id) return (await stripe.customers.create({ email, name, metadata: { source: 'recur-signup', ...metadata } })).id;
  if (Object.keys(metadata).length) await stripe.customers.update(id, { metadata });
  return id;
}

function customMetadata(slug: string, values: Record<string, CustomValue>): Record<string, string> {
  if (!Object.keys(values).length) return {};
  const metadata: Record<string, string> = { signupForm: slug };
  for (const [key, value] of Object.entries(values)) metadata[`form_${key}`] = String(value);
  return metadata;
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

export interface CheckoutRequest {
  form: SignupForm;
  fields: SignupFields;
  /** the custom fields' values, checked against the form (shared/signupForms.ts) */
  values: Record<string, CustomValue>;
}

/**
 * Starts Stripe Checkout for the chosen plan and returns the page to send the person to.
 * Promotion codes are typed on Checkout itself; a trial comes from the plan. What was typed into
 * the custom fields is stored (signup_submissions) once Stripe has the session.
 */
export async function startCheckout(stripe: Stripe, db: Database, baseUrl: string, { form: signupForm, fields: form, values }: CheckoutRequest): Promise<string> {
  const slug = signupForm.slug;
  const plan = await Plan.findByPk(form.plan);
  if (!plan || !plan.active || !plan.stripePriceId) {
    throw new BadRequestError('That plan is not available', { plan: 'Choose one of the plans listed' });
  }
  const email = form.email.toLowerCase();
  const customer = await findOrCreateStripeCustomer(stripe, email, form.email, form.name, customMetadata(slug, values));
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer,
    allow_promotion_codes: true,
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
  if (signupForm.customFields.length) await recordAnswers(db, signupForm, email, customer, session.id, values);
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

async function recordAnswers(db: Database, form: SignupForm, email: string, stripeCustomerId: string, checkoutSessionId: string, values: Record<string, CustomValue>) {
  const answers = form.customFields.filter((field) => values[field.key] !== undefined).map((field) => ({ key: field.key, label: field.label, value: values[field.key]! }));
  await db.write((transaction) =>
    SignupSubmission.create({ formId: form.id, formSlug: form.slug, formTitle: form.title, email, stripeCustomerId, checkoutSessionId, answers }, { transaction }),
  );
}
