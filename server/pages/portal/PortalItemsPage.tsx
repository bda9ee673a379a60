/** @jsxImportSource hono/jsx */
import type { ItemsOffer, PendingView } from '../../portal/items';
import type { ItemsPreview } from '../../../shared/itemChange';
import type { PortalItemsChoice } from '../../../shared/portalItems';
import { formatMoney, formatPrice } from '../../../shared/money';
import { formatDate, PortalLayout, PostForm } from './PortalLayout';

export interface ItemsPageProps {
  email: string;
  csrf: string;
  offer: ItemsOffer;
  pending: PendingView | null;
  chosen?: { preview: ItemsPreview; choice: PortalItemsChoice };
  error?: string;
}

/** The change scheduled for the period's end, its next charge, and the button that drops it. */
export function PendingChange({ pending, subscriptionId, csrf }: { pending: PendingView; subscriptionId: number; csrf: string }) {
  return (
    <div class="notice" data-pending-change>
      <p>
        Scheduled for <strong data-field="pending-date">{formatDate(pending.effectiveAt)}</strong>:{' '}
        {pending.lines.map((line) => `${line.name}${line.quantity > 1 ? ` × ${line.quantity}` : ''}`).join(', ')}. From then on you are charged{' '}
        <strong data-field="pending-amount">{formatMoney(pending.amount, pending.currency)}</strong> per period.
      </p>
      <PostForm action={`/portal/subscriptions/${subscriptionId}/pending-change/cancel`} csrf={csrf}>
        <button type="submit" class="secondary">
          Cancel the scheduled change
        </button>
      </PostForm>
    </div>
  );
}

function Preview({ offer, chosen, csrf, action }: { offer: ItemsOffer; chosen: NonNullable<ItemsPageProps['chosen']>; csrf: string; action: string }) {
  const { preview, choice } = chosen;
  const now = preview.when === 'now';
  const on = formatDate(new Date(preview.effectiveAt * 1000));
  return (
    <section class="card" data-preview data-when={preview.when}>
      <h2>{now ? 'Charged now' : `Changes on ${on}`}</h2>
      <table>
        <tbody>
          {preview.lines.map((line) => (
            <tr>
              <td>{line.description ?? ''}</td>
              <td class="num">{formatMoney(line.amount, preview.currency)}</td>
            </tr>
          ))}
          <tr>
            <th>{now ? 'Charged now' : `Next charge, on ${on}`}</th>
            <th class="num" data-field="amount-due">
              {formatMoney(preview.amountDue, preview.currency)}
            </th>
          </tr>
        </tbody>
      </table>
      {now ? (
        <p>The change applies once this is paid. Any unused credit goes toward later invoices.</p>
      ) : (
        <p>Nothing is charged now; until then your subscription stays as it is.</p>
      )}
      <PostForm
        action={action}
        csrf={csrf}
        hidden={{
          addons: choice.addons.join(','),
          ...(choice.seats !== undefined ? { seats: String(choice.seats) } : {}),
          when: preview.when,
          prorationDate: String(preview.prorationDate),
        }}
      >
        <button type="submit">{now ? `Confirm and pay ${formatMoney(preview.amountDue, preview.currency)}` : `Confirm the change on ${on}`}</button>
      </PostForm>
      <p data-field="preview-items">
        For {offer.base.name}
        {choice.seats !== undefined ? ` × ${choice.seats}` : ''}
        {choice.addons.length
          ? ` with ${offer.addons
              .filter((a) => choice.addons.includes(a.plan.id))
              .map((a) => a.plan.name)
              .join(', ')}`
          : ', no add-ons'}
        .
      </p>
    </section>
  );
}

/**
 * Step 1: tick add-ons and set seats (a GET form: looking changes nothing). Step 2: Stripe's
 * preview of exactly that, and the POST that applies it for the preview's proration date.
 */
export function PortalItemsPage({ email, csrf, offer, pending, chosen, error }: ItemsPageProps) {
  const action = `/portal/subscriptions/${offer.subscription.id}/items`;
  const ticked = new Set(chosen ? chosen.choice.addons : offer.addons.filter((a) => a.selected).map((a) => a.plan.id));
  const seats = chosen?.choice.seats ?? offer.seats?.current;
  return (
    <PortalLayout title="Add-ons and seats" signedInAs={email} csrf={csrf}>
      <h1>Add-ons and seats</h1>
      {error ? (
        <p class="notice bad" data-error>
          {error}
        </p>
      ) : null}
      {pending ? <PendingChange pending={pending} subscriptionId={offer.subscription.id} csrf={csrf} /> : null}
      {chosen ? <Preview offer={offer} chosen={chosen} csrf={csrf} action={action} /> : null}
      <form method="get" action={action} class="card" data-items-form>
        <p>
          <strong>{offer.base.name}</strong> · {formatPrice(offer.base.amount, offer.base.currency, offer.base.interval, offer.base.intervalCount)}
          {offer.base.perSeat ? ' per seat' : ''}
        </p>
        {offer.seats ? (
          <p>
            <label for="seats">Seats ({offer.seats.min === offer.seats.max ? offer.seats.min : `${offer.seats.min}–${offer.seats.max}`})</label>{' '}
            <input id="seats" type="number" name="seats" min={offer.seats.min} max={offer.seats.max} value={String(seats)} required />
          </p>
        ) : null}
        {offer.addons.length ? (
          <fieldset>
            <legend>Add-ons</legend>
            {offer.addons.map(({ plan }) => (
              <p>
                <label data-addon={String(plan.id)}>
                  <input type="checkbox" name="addon" value={String(plan.id)} checked={ticked.has(plan.id)} /> {plan.name} ·{' '}
                  {formatPrice(plan.amount, plan.currency, plan.interval, plan.intervalCount)}
                </label>
              </p>
            ))}
          </fieldset>
        ) : (
          <p>{offer.base.name} has no add-ons.</p>
        )}
        <input type="hidden" name="preview" value="1" />
        <button type="submit">Preview</button>
      </form>
      <p>
        <a href="/portal">Back</a>
      </p>
    </PortalLayout>
  );
}
