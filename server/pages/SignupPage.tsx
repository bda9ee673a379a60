/** @jsxImportSource hono/jsx */
import type { Plan, SignupForm } from '../db/models';
import { formatPrice } from '../../shared/money';
import { own } from '../../shared/own';
import type { CustomValue } from '../../shared/signupForms';
import { CustomFieldInput, FieldError } from './CustomFieldInput';
import { Layout } from './Layout';
import { PlanExtras } from './PlanExtras';

/** What the person typed: plan, email, name and the custom fields by key. */
export type SignupValues = Record<string, CustomValue | undefined>;

export interface SignupPageProps {
  form: SignupForm;
  plans: Plan[];
  /** per plan, the add-ons the form offers with it */
  addons: Map<number, Plan[]>;
  values: SignupValues;
  errors: Record<string, string>;
  notice?: string;
  /** an app's signup link token: posted back so the Checkout completes that link */
  link?: string;
}

const str = (value: CustomValue | undefined) => (typeof value === 'string' ? value : '');

/** Blank lines separate paragraphs of the form's intro. */
function Intro({ text }: { text: string }) {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <>
      {paragraphs.map((p) => (
        <p class="intro">{p}</p>
      ))}
    </>
  );
}

/**
 * The hosted form: it posts to itself without JavaScript. target=_top: Stripe Checkout refuses to
 * be framed, so a form embedded with the iframe snippet continues in the whole window.
 */
export function SignupPage({ form, plans, addons, values, errors, notice, link }: SignupPageProps) {
  const action = `/signup/${form.slug}`;
  return (
    <Layout title={form.title} accent={form.accentColor}>
      <h1>{form.title}</h1>
      <Intro text={form.intro} />
      {notice ? <p class="notice">{notice}</p> : null}
      {errors._ ? <p class="error">{errors._}</p> : null}
      {plans.length === 0 ? <p class="notice">No plans are available right now. Please come back later.</p> : null}
      <form method="post" action={action} target="_top">
        {link ? <input type="hidden" name="link" value={link} /> : null}
        <fieldset class="plans">
          <legend>Plan</legend>
          {plans.map((plan) => (
            <div class="option">
              <label class="plan">
                <input type="radio" name="plan" value={String(plan.id)} checked={values.plan === String(plan.id)} required />
                <strong>{plan.name}</strong>
                <span class="price">
                  {formatPrice(plan.amount, plan.currency, plan.interval, plan.intervalCount)}
                  {plan.perSeat ? ' per seat' : ''}
                  {plan.trialDays > 0 ? ` · ${plan.trialDays}-day free trial` : ''}
                </span>
              </label>
              <PlanExtras plan={plan} addons={addons.get(plan.id) ?? []} offerSeats={form.offerSeats} values={values} errors={errors} />
            </div>
          ))}
          <FieldError message={errors.plan} />
        </fieldset>
        <label for="email">E-mail</label>
        <input id="email" type="email" name="email" value={str(values.email)} autocomplete="email" required maxlength={254} />
        <FieldError message={errors.email} />
        <label for="name">Name</label>
        <input id="name" type="text" name="name" value={str(values.name)} autocomplete="name" required maxlength={100} />
        <FieldError message={errors.name} />
        {form.customFields.map((field) => (
          <CustomFieldInput field={field} value={own(values, field.key)} error={own(errors, field.key)} />
        ))}
        <button type="submit">Continue to payment</button>
      </form>
    </Layout>
  );
}
