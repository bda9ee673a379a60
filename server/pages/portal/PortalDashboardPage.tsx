/** @jsxImportSource hono/jsx */
import type { InvoiceView, PortalView, SubscriptionView } from '../../portal/view';
import { formatMoney, formatPrice } from '../../../shared/money';
import { formatDate, PortalLayout, PostForm } from './PortalLayout';
import { PendingChange } from './PortalItemsPage';

const STATUS_TEXT: Record<string, string> = {
  active: 'Active',
  trialing: 'Free trial',
  past_due: 'Payment failed',
  unpaid: 'Unpaid',
  incomplete: 'Awaiting first payment',
  paused: 'Paused',
};

const INVOICE_STATUS_TEXT: Record<string, string> = { open: 'Due', paid: 'Paid', void: 'Void', uncollectible: 'Uncollectible' };

const dateOf = (iso: string | null) => (iso ? new Date(iso) : null);

/** Stripe's preview of the renewal; "None" when the subscription is set to end; "Unavailable" when Stripe did not answer. */
function NextCharge({ sub }: { sub: SubscriptionView }) {
  const next = sub.nextCharge;
  if (next.status === 'none')
    return <dd data-field="next-charge">None — {next.endsAt ? `ends on ${formatDate(dateOf(next.endsAt))}` : 'the subscription is set to end'}</dd>;
  if (next.status === 'unavailable')
    return (
      <dd data-field="next-charge" data-unavailable>
        Unavailable right now — try again in a moment
      </dd>
    );
  return (
    <dd data-field="next-charge">
      {formatMoney(next.amount, next.currency)}
      {next.at ? ` on ${formatDate(dateOf(next.at))}` : ''}
    </dd>
  );
}

function SubscriptionCard({ sub, csrf }: { sub: SubscriptionView; csrf: string }) {
  return (
    <section class="card" data-subscription={String(sub.id)}>
      <dl>
        <dt>Plan</dt>
        <dd data-field="plan">
          {sub.planName} · {formatPrice(sub.amount, sub.currency, sub.interval, sub.intervalCount)}
        </dd>
        {sub.seats !== null ? (
          <>
            <dt>Seats</dt>
            <dd data-field="seats">{sub.seats}</dd>
          </>
        ) : null}
        {sub.addons.length ? (
          <>
            <dt>Add-ons</dt>
            <dd data-field="addons">{sub.addons.map((a) => `${a.name}${a.quantity > 1 ? ` × ${a.quantity}` : ''}`).join(', ')}</dd>
          </>
        ) : null}
        <dt>Status</dt>
        <dd data-field="status">
          <span class="status">{sub.cancelAtPeriodEnd ? 'Ends at period end' : (STATUS_TEXT[sub.status] ?? sub.status)}</span>
        </dd>
        {sub.pauseBehavior ? (
          <>
            <dt>Payments</dt>
            <dd data-field="paused">
              Paused{sub.pausedUntil ? ` until ${formatDate(sub.pausedUntil)}` : ' until you unpause'} — renewals are not charged meanwhile
            </dd>
          </>
        ) : null}
        <dt>Next charge</dt>
        <NextCharge sub={sub} />
        <dt>Card</dt>
        <dd data-field="card">{sub.card ? `${sub.card.brand} ending ${sub.card.last4} (expires ${sub.card.expMonth}/${sub.card.expYear})` : 'None on file'}</dd>
      </dl>
      {sub.pendingChange ? <PendingChange pending={sub.pendingChange} subscriptionId={sub.id} csrf={csrf} /> : null}
      <div class="actions">
        <a class="button" href={`/portal/subscriptions/${sub.id}/change`}>
          Change plan
        </a>
        {sub.offersItems ? (
          <a class="button secondary" href={`/portal/subscriptions/${sub.id}/items`}>
            Add-ons and seats
          </a>
        ) : null}
        {sub.pauseBehavior ? (
          <PostForm action={`/portal/subscriptions/${sub.id}/unpause`} csrf={csrf}>
            <button type="submit">Unpause payments</button>
          </PostForm>
        ) : sub.mayPause && !sub.cancelAtPeriodEnd ? (
          <a class="button secondary" href={`/portal/subscriptions/${sub.id}/pause`}>
            Pause payments
          </a>
        ) : null}
        {sub.cancelAtPeriodEnd ? (
          <PostForm action={`/portal/subscriptions/${sub.id}/resume`} csrf={csrf}>
            <button type="submit">Resume subscription</button>
          </PostForm>
        ) : (
          <a class="button secondary" href={`/portal/subscriptions/${sub.id}/cancel`}>
            Cancel subscription
          </a>
        )}
        <PostForm action="/portal/card" csrf={csrf}>
          <button type="submit" class="secondary">
            Update card
          </button>
        </PostForm>
      </div>
    </section>
  );
}

function InvoiceRow({ invoice, csrf }: { invoice: InvoiceView; csrf: string }) {
  return (
    <tr data-invoice={String(invoice.id)}>
      <td>{formatDate(invoice.date)}</td>
      <td>{invoice.number ?? '—'}</td>
      <td class="num">{formatMoney(invoice.amountDue, invoice.currency)}</td>
      <td data-field="invoice-status">
        <span class="status">{INVOICE_STATUS_TEXT[invoice.status] ?? invoice.status}</span>
      </td>
      <td>
        {invoice.confirmUrl ? (
          <a class="button" href={invoice.confirmUrl} data-confirm-payment>
            Confirm payment
          </a>
        ) : invoice.payable ? (
          <PostForm action={`/portal/invoices/${invoice.id}/pay`} csrf={csrf}>
            <button type="submit">Pay now {formatMoney(invoice.amountRemaining, invoice.currency)}</button>
          </PostForm>
        ) : null}
      </td>
    </tr>
  );
}

export function PortalDashboardPage({
  view,
  csrf,
  notice,
  returnUrl,
}: {
  view: PortalView;
  csrf: string;
  notice?: { text: string; tone: 'ok' | 'bad' };
  returnUrl?: string | null;
}) {
  const confirming = view.invoices.some((invoice) => invoice.confirmUrl);
  const owing = !confirming && view.invoices.some((invoice) => invoice.payable);
  return (
    <PortalLayout title="Your subscription" signedInAs={view.customer.email} csrf={csrf} returnUrl={returnUrl}>
      <h1>Hello{view.customer.name ? `, ${view.customer.name}` : ''}</h1>
      {notice ? (
        <p class={`notice ${notice.tone}`} data-notice>
          {notice.text}
        </p>
      ) : null}
      {confirming ? (
        <p class="notice bad" data-confirming>
          Your bank asks you to confirm a payment. Nothing has been charged yet: press Confirm payment below and follow your bank’s steps.
        </p>
      ) : null}
      {owing ? (
        <p class="notice bad" data-owing>
          A payment did not go through. Update your card if needed, then pay the invoice below.
        </p>
      ) : null}
      <h2>Subscription</h2>
      {view.subscriptions.length ? view.subscriptions.map((sub) => <SubscriptionCard sub={sub} csrf={csrf} />) : <p>You have no active subscription.</p>}
      <h2>Invoices</h2>
      {view.invoices.length ? (
        <table>
          <thead>
            <tr>
              <th>Date</th>
              <th>Number</th>
              <th class="num">Amount</th>
              <th>Status</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {view.invoices.map((invoice) => (
              <InvoiceRow invoice={invoice} csrf={csrf} />
            ))}
          </tbody>
        </table>
      ) : (
        <p>No invoices yet.</p>
      )}
    </PortalLayout>
  );
}
