/** @jsxImportSource hono/jsx */
import type { Plan } from '../db/models';
import { formatPrice } from '../../shared/money';
import { Layout } from './Layout';

export interface SignupValues {
  plan?: string;
  email?: string;
  name?: string;
}

export interface SignupPageProps {
  action: string;
  plans: Plan[];
  values: SignupValues;
  errors: Record<string, string>;
  notice?: string;
}

function FieldError({ message }: { message?: string }) {
  return message ? <p class="error">{message}</p> : null;
}

export function SignupPage({ action, plans, values, errors, notice }: SignupPageProps) {
  return (
    <Layout title="Subscribe">
      <h1>Choose your plan</h1>
      {notice ? <p class="notice">{notice}</p> : null}
      {errors._ ? <p class="error">{errors._}</p> : null}
      <form method="post" action={action}>
        <fieldset class="plans">
          <legend>Plan</legend>
          {plans.map((plan) => (
            <label class="plan">
              <input type="radio" name="plan" value={String(plan.id)} checked={values.plan === String(plan.id)} required />
              <strong>{plan.name}</strong>
              <span class="price">
                {formatPrice(plan.amount, plan.currency, plan.interval, plan.intervalCount)}
                {plan.trialDays > 0 ? ` · ${plan.trialDays}-day free trial` : ''}
              </span>
            </label>
          ))}
          <FieldError message={errors.plan} />
        </fieldset>
        <label for="email">E-mail</label>
        <input id="email" type="email" name="email" value={values.email ?? ''} autocomplete="email" required maxlength={254} />
        <FieldError message={errors.email} />
        <label for="name">Name</label>
        <input id="name" type="text" name="name" value={values.name ?? ''} autocomplete="name" required maxlength={100} />
        <FieldError message={errors.name} />
        <button type="submit">Continue to payment</button>
      </form>
    </Layout>
  );
}
