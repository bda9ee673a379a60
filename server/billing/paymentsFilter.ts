import { z } from 'zod';
import { parseFilterValues, type ListSpec } from '../db/list';
import { BadRequestError } from '../errors';
import { recordId } from '../../shared/ids';

import { PAYMENT_STATUSES } from '../../shared/payments';

export { PAYMENT_STATUSES };
const status = z.enum(PAYMENT_STATUSES);
const fk = recordId();
const amount = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** react-admin's DateInput sends a day, DateTimeInput an ISO instant; both are accepted. */
const instant = z
  .string()
  .max(40)
  .refine(
    (s) => (DAY_ONLY.test(s) || z.iso.datetime({ offset: true }).safeParse(s).success) && !Number.isNaN(Date.parse(s)),
    'must be a date (YYYY-MM-DD) or an ISO date-time',
  );

/** The payments list's whitelist: react-admin's `field_gte` / `field_lte` idiom for the ranges. */
export const PAYMENTS_SPEC: ListSpec = {
  sortable: ['createdAt', 'attemptedAt', 'amount', 'status'],
  defaultSort: ['createdAt', 'DESC'],
  filters: {
    status,
    customerId: fk,
    subscriptionId: fk,
    invoiceId: fk,
    planId: fk,
    attemptedAt_gte: instant,
    attemptedAt_lte: instant,
    amount_gte: amount,
    amount_lte: amount,
  },
};

export interface PaymentFilter {
  id?: number[];
  status?: string[];
  customerId?: number[];
  subscriptionId?: number[];
  invoiceId?: number[];
  /** payments of subscriptions on these plans */
  planId?: number[];
  /** inclusive lower bound */
  attemptedFrom?: Date;
  /** exclusive upper bound: a bare day as the upper end means "through the end of that day" */
  attemptedBefore?: Date;
  amountMin?: number;
  amountMax?: number;
}

function single<T>(key: string, schema: z.ZodType<T>, raw: unknown): T {
  if (Array.isArray(raw)) throw new BadRequestError(`Invalid filter ${key}`, { [key]: 'takes one value' });
  return parseFilterValues(key, schema, raw)[0]!;
}

function upperBound(raw: string): Date {
  const date = new Date(DAY_ONLY.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (DAY_ONLY.test(raw)) date.setUTCDate(date.getUTCDate() + 1);
  else date.setTime(date.getTime() + 1); // stored to the millisecond: "<= t" is "< t + 1 ms"
  return date;
}

/** The `filter` of a list request, checked against the whitelist; every mistake is a 400. */
export function parsePaymentFilter(filter: Record<string, unknown> = {}): PaymentFilter {
  const parsed: PaymentFilter = {};
  for (const [key, raw] of Object.entries(filter)) {
    if (key === 'id') parsed.id = parseFilterValues(key, fk, raw);
    else if (key === 'status') parsed.status = parseFilterValues(key, status, raw);
    else if (key === 'customerId' || key === 'subscriptionId' || key === 'invoiceId' || key === 'planId') parsed[key] = parseFilterValues(key, fk, raw);
    else if (key === 'attemptedAt_gte') parsed.attemptedFrom = new Date(single(key, instant, raw).replace(DAY_ONLY, '$&T00:00:00Z'));
    else if (key === 'attemptedAt_lte') parsed.attemptedBefore = upperBound(single(key, instant, raw));
    else if (key === 'amount_gte') parsed.amountMin = single(key, amount, raw);
    else if (key === 'amount_lte') parsed.amountMax = single(key, amount, raw);
    else throw new BadRequestError(`Unknown filter ${key}`, { [key]: 'cannot be filtered on' });
  }
  if (parsed.attemptedFrom && parsed.attemptedBefore && parsed.attemptedFrom >= parsed.attemptedBefore) {
    throw new BadRequestError('Invalid filter attemptedAt_lte', { attemptedAt_lte: 'must not be before attemptedAt_gte' });
  }
  if (parsed.amountMin !== undefined && parsed.amountMax !== undefined && parsed.amountMin > parsed.amountMax) {
    throw new BadRequestError('Invalid filter amount_lte', { amount_lte: 'must not be below amount_gte' });
  }
  return parsed;
}

/** True when the total can come from the maintained per-status counts instead of a COUNT(*). */
export function countableByStatus(filter: PaymentFilter): boolean {
  return Object.keys(filter).every((key) => key === 'status');
}
