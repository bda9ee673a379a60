import type Stripe from 'stripe';
import { col, fn, where as sqlWhere } from 'sequelize';
import { findStripeCustomerByEmail } from './customerLookup';
import { expireEarlierCheckouts } from '../linkedAccounts/openCheckouts';
import { admitSignup } from './signupRate';
import { addonsErrorField, seatsField, type SignupExtras } from './signupItems';
import { seatBounds } from '../../shared/plan';
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

/**
 * Through an app's signup link: the customer already linked to the app's user, if any. Never one
 * found by e-mail: the e-mail on a link (or typed over it) is not proof of owning that address, and
 * linking someone else's customer would hand its portal to whoever holds the app account. Without
 * a linked customer, Checkout creates a new one, which the completion links.
 */
async function linkedStripeCustomer(stripe: Stripe, externalId: string): Promise<string | undefined> {
  const linked = await Customer.findOne({ where: { externalId } });
  if (!linked?.stripeCustomerId || linked.deletedAt) return undefined;
  return (await stripeCustomerExists(stripe, linked.stripeCustomerId)) ? linked.stripeCustomerId : undefined;
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
  /** the plan's seats and the add-ons ticked, checked against the form (signupItems.ts); none: one seat, no add-ons */
  extras?: SignupExtras;
  /** the client's address, for the per-address limit */
  ip: string;
  /** an app's signup link the form was opened with (linkedAccounts/signupLinks.ts), already checked */
  link?: { id: number; externalId: string; token: string };
}

/** The form's answers in its field order, labels kept; own keys only (a key may be `constructor`). */
function answersOf(form: SignupForm, values: Record<string, CustomValue>): FormAnswer[] {
  return form.customFields.flatMap((field) => (Object.hasOwn(values, field.key) ? [{ key: field.key, label: field.label, value: values[field.key]! }] : []));
}

/** The add-ons as the catalog has them now (the form's page may be a few seconds old): still allowed, active and priced. */
async function currentAddons(plan: Plan, chosen: Plan[]): Promise<(Plan & { stripePriceId: string })[]> {
  if (!chosen.length) return [];
  const found = await Plan.findAll({ where: { id: chosen.map((a) => a.id), kind: 'addon', active: true } });
  return chosen.map((wanted) => {
    const addon = found.find((a) => a.id === wanted.id);
    if (!addon?.stripePriceId || !plan.addonIds.includes(addon.id)) {
      throw new BadRequestError(`${wanted.name} is not available`, { [addonsErrorField(plan.id)]: `${wanted.name} is no longer offered with ${plan.name}` });
    }
    return addon as Plan & { stripePriceId: string };
  });
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
export async function startCheckout(
  stripe: Stripe,
  db: Database,
  baseUrl: string,
  { form: signupForm, fields: form, values, extras, ip, link }: CheckoutRequest,
): Promise<string> {
  const slug = signupForm.slug;
  const plan = await Plan.findByPk(form.plan);
  if (!plan?.active || !plan.stripePriceId) {
    throw new BadRequestError('That plan is not available', { plan: 'Choose one of the plans listed' });
  }
  const addons = await currentAddons(plan, extras?.addons ?? []);
  const { min, max } = seatBounds(plan);
  const seats = extras?.seats ?? min;
  if (seats < min || seats > max)
    throw new BadRequestError('That number of seats is not available', { [seatsField(plan.id)]: `Choose between ${min} and ${max} seats` });
  await admitSignup(db, ip);
  const email = form.email.toLowerCase();
  if (link) await expireEarlierCheckouts(stripe, link.externalId);
  const customer = link ? await linkedStripeCustomer(stripe, link.externalId) : await existingStripeCustomer(stripe, email, form.email);
  // Back from Checkout, the form is still the link's (its prefill, and the link it completes).
  const cancelUrl = `${baseUrl}/signup/${slug}?canceled=1${link ? `&link=${encodeURIComponent(link.token)}` : ''}`;
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    ...(customer ? { customer } : { customer_email: email }),
    allow_promotion_codes: true,
    // The plan with its seats, then each add-on: Checkout makes one subscription with an item per
    // line (docs.stripe.com/api/checkout/sessions/create#create_checkout_session-line_items;
    // recurring prices of one currency and period, docs.stripe.com/payments/checkout/how-checkout-works).
    line_items: [{ price: plan.stripePriceId, quantity: seats }, ...addons.map((addon) => ({ price: addon.stripePriceId, quantity: 1 }))],
    success_url: `${baseUrl}/signup/${slug}/done?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: cancelUrl,
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
        checkoutSessionId: session.id,
        formId: signupForm.id,
        formSlug: slug,
        formTitle: signupForm.title,
        email,
        name: form.name,
        answers: answersOf(signupForm, values),
        newCustomer: !customer,
        signupLinkId: link?.id ?? null,
      },
      { transaction },
    ),
  );
  return session.url;
}
