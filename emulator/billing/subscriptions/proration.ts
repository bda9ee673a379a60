import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { InvoiceItemInput } from '../invoices/invoice-items';
import { productName } from '../invoices/lines';
import { prorationDate } from '../invoices/format';

/** One proration: a credit for unused time on what was, or a charge for the remaining time on what is. */
export type Proration = Omit<InvoiceItemInput, 'customer'>;

/**
 * Stripe prorates to the second: the fraction of the period left after `at`, applied to the
 * item's full amount and rounded per line.
 */
export function prorate(
  rt: Runtime,
  sub: Stripe.Subscription,
  item: { id: string; price: Stripe.Price; quantity: number },
  at: number,
  kind: 'unused' | 'remaining',
): Proration {
  const first = sub.items.data[0];
  const start = first.current_period_start;
  const end = first.current_period_end;
  const full = (item.price.unit_amount ?? 0) * item.quantity;
  const share = Math.round((full * Math.max(0, end - at)) / Math.max(1, end - start));
  const words = kind === 'unused' ? 'Unused time on' : 'Remaining time on';
  return {
    amount: kind === 'unused' ? -share : share,
    currency: item.price.currency,
    description: `${words} ${item.quantity} × ${productName(rt, item.price)} after ${prorationDate(at)}`,
    period: { start: at, end },
    price: item.price,
    quantity: item.quantity,
    subscription: sub.id,
    subscriptionItem: item.id,
    proration: true,
  };
}
