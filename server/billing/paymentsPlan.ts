import type { PaymentFilter } from './paymentsFilter';

/**
 * Whether a broad filter could be served better by walking the sort's own index and skipping
 * misses than by collecting every match through the filter's index and sorting them all.
 * Only for status and amount, which are spread evenly over time and over each other; never
 * when a filter is selective (references), follows the sort (attempt dates follow creation,
 * an amount range an amount sort), or an index already yields the rows in order.
 */
export function mayScanSortIndex(filter: PaymentFilter, sort: string): boolean {
  if (filter.id || filter.customerId || filter.subscriptionId || filter.invoiceId) return false;
  if (filter.attemptedFrom || filter.attemptedBefore) return false;
  const amount = filter.amountMin !== undefined || filter.amountMax !== undefined;
  const statuses = filter.status?.length ?? 0;
  if ((amount && sort === 'amount') || (statuses && sort === 'status')) return false;
  if (!amount && statuses <= 1 && (sort === 'createdAt' || sort === 'attemptedAt')) return false; // (status, created_at|attempted_at)
  return amount || statuses > 0;
}

export { scanIsCheaper } from '../db/scanOrSort';
