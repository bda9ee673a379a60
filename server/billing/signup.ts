import type Stripe from 'stripe';
import { col, fn, where as sqlWhere } from 'sequelize';
import { findStripeCustomerByEmail } from './customerLookup';
import { admitSignup } from './signupRate';
import { Customer, PendingSignup, Plan, type SignupForm } from '../db/models';
import type { FormAnswer } from '../db/models/SignupSubmission';
import type { Database } from '../db/sequelize';
import { BadRequestError } from '../errors';
import type { SignupForm as SignupFields } from '../../shared/signup';
import type { CustomValue } from '../../shared/signupForms';

/**
 * The Stripe customer already known by this address, if any: the mirror first (whatever the
 * case it was created with), then Stripe (customerLookup.ts). Only read: a signup changes nothing
 * about an existing customer before its Checkout completes.
 */
async function existingStripeCustomer(stripe: Stripe, email: string, typed: string): Promise<string | undefined> {
  const known = await Customer.findOne({ where: sqlWhere(fn('lower', col('email')), email), order: [['id', 'ASC']] });
  if (known?.stripeCustomerId && (await stripeCustomerExists(stripe, known.stripeCustomerId))) return known.stripeCustomerId;
  return findStripeCustomerByEmail(stripe, email, typed);
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
  /** the client's address, for the per-address limit */
  ip: string;
}

/** The form's answers in its field order, labels kept; own keys only (a key may be `constructor`). */
function answersOf(form: SignupForm, values: Record<string, CustomValue>): FormAnswer[] {
  return form.customFields.flatMap((field) => (Object.hasOwn(values, field.key) ? [{ key: field.key, label: field.label, value: values[field.key]! }] : []));
}

/**
 * Starts Stripe Checkout for the chosen plan and returns the page to send the person to.
 * Promotion codes are typed on Checkout itself; a trial comes from the plan.
 *
 * No Stripe customer is created here: for a new address Checkout creates it when it completes
 * (in subscription mode it always does, with `customer_email` as its address — docs.stripe.com/api/checkout/sessions/object#checkout_session_object-customer),
 * so abandoned forms leave none behind. A known address reuses its customer (`customer`), so a
 * returning person is not duplicated. What was typed waits in pending_signups, keyed by the
 * session, and is applied once the session completes (signupCompletion.ts).
 */
export async function startCheckout(stripe: Stripe, db: Database, baseUrl: string, { form: signupForm, fields: form, values, ip }: CheckoutRequest): Promise<string> {
  const slug = signupForm.slug;
  const plan = await Plan.findByPk(form.plan);
  if (!plan || !plan.active || !plan.stripePriceId) {
    throw new BadRequestError('That plan is not available', { plan: 'Choose one of the plans listed' });
  }
  await admitSignup(db, ip);
  const email = form.email.toLowerCase();
  const customer = await existingStripeCustomer(stripe, email, form.email);
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    ...(customer ? { customer } : { customer_email: email }),
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
  await db.write((transaction) =>
    PendingSignup.create(
      {
        checkoutSessionId: session.id, formId: signupForm.id, formSlug: slug, formTitle: signupForm.title,
        email, name: form.name, answers: answersOf(signupForm, values), newCustomer: !customer,
      },
      { transaction },
    ),
  );
  return session.url;
}
