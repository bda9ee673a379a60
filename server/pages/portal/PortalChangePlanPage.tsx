/** @jsxImportSource hono/jsx */
import type { Plan, Subscription } from '../../db/models';
import { intervalChangeNotice, type ChangePreview } from '../../../shared/actions';
import { formatMoney, formatPrice } from '../../../shared/money';
import { PortalLayout, PostForm } from './PortalLayout';

export interface ChangePlanProps {
  email: string;
  csrf: string;
  subscription: Subscription;
  plans: Plan[];
  chosen?: { plan: Plan; preview: ChangePreview };
  error?: string;
}

/** Step 1: pick a plan (a plain link per plan). Step 2: Stripe's preview, and the button that charges exactly it. */
export function PortalChangePlanPage({ email, csrf, subscription, plans, chosen, error }: ChangePlanProps) {
  const base = `/portal/subscriptions/${subscription.id}/change`;
  return (
    <PortalLayout title="Change plan" signedInAs={email} csrf={csrf}>
      <h1>Change plan</h1>
      {error ? (
        <p class="notice bad" data-error>
          {error}
        </p>
      ) : null}
      {chosen ? (
        <section class="card" data-preview>
          <h2>Switch to {chosen.plan.name}</h2>
          <table>
            <tbody>
              {chosen.preview.lines.map((line) => (
                <tr>
                  <td>{line.description ?? ''}</td>
                  <td class="num">{formatMoney(line.amount, chosen.preview.currency)}</td>
                </tr>
              ))}
              <tr>
                <th>Charged now</th>
                <th class="num" data-field="amount-due">
                  {formatMoney(chosen.preview.amountDue, chosen.preview.currency)}
                </th>
              </tr>
            </tbody>
          </table>
          <p>
            Then {formatPrice(chosen.plan.amount, chosen.plan.currency, chosen.plan.interval, chosen.plan.intervalCount)}. Any unused credit goes toward later
            invoices.
          </p>
          {chosen.preview.intervalChange ? (
            <p class="notice" data-interval-change>
              {intervalChangeNotice(chosen.preview.intervalChange)}
            </p>
          ) : null}
          <PostForm
            action={base}
            csrf={csrf}
            hidden={{
              plan: String(chosen.plan.id),
              prorationDate: String(chosen.preview.prorationDate),
              // The button below is the customer's confirmation of the notice above.
              ...(chosen.preview.intervalChange ? { confirmIntervalChange: 'yes' } : {}),
            }}
          >
            <button type="submit">
              {chosen.preview.intervalChange ? 'Confirm the new billing date and pay' : 'Confirm and pay'}{' '}
              {formatMoney(chosen.preview.amountDue, chosen.preview.currency)}
            </button>
          </PostForm>
        </section>
      ) : null}
      <h2>Plans</h2>
      {plans.map((plan) => (
        <div class="plan" data-plan={String(plan.id)}>
          <span>
            <strong>{plan.name}</strong> · {formatPrice(plan.amount, plan.currency, plan.interval, plan.intervalCount)}
          </span>
          <a href={`${base}?plan=${plan.id}`}>See price</a>
        </div>
      ))}
      <p>
        <a href="/portal">Back</a>
      </p>
    </PortalLayout>
  );
}
