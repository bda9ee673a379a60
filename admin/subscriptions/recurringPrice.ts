import { formatMoney, formatPrice } from '../../shared/money';
import type { Subscription } from '../types';

/** What the subscription's items come to per period, before discounts: "$19.00 / month". */
export function recurringPrice(subscription: Subscription): string {
  const amount = Number(subscription.recurringAmount ?? 0);
  if (!subscription.currency) return '';
  return subscription.interval
    ? formatPrice(amount, subscription.currency, subscription.interval, subscription.intervalCount ?? 1)
    : formatMoney(amount, subscription.currency);
}
