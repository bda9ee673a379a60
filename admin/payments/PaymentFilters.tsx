import { DateInput, NumberInput, SelectInput } from 'react-admin';
import { choicesOf } from '../common/choices';
import { CustomerFilter, PlanFilter } from '../common/referenceFilters';
import { PAYMENT_STATUSES } from './PaymentStatus';

// Amounts are typed in major units and sent in minor ones (×100): the filter spans currencies,
// and for the two-decimal ones that are nearly all of Stripe's volume this reads as money does.
const toMinor = (value: string | number | null) => (value === '' || value === null ? null : Math.round(Number(value) * 100));
const toMajor = (value: number | null | undefined) => (value === null || value === undefined ? '' : value / 100);

/** The server's whitelist (server/billing/paymentsFilter.ts), react-admin's `_gte`/`_lte` ranges. */
export const paymentFilters = [
  <SelectInput key="status" source="status" choices={choicesOf(PAYMENT_STATUSES)} alwaysOn />,
  <CustomerFilter key="customerId" alwaysOn />,
  <PlanFilter key="planId" />,
  <DateInput key="attemptedAt_gte" source="attemptedAt_gte" label="From" alwaysOn />,
  <DateInput key="attemptedAt_lte" source="attemptedAt_lte" label="To" alwaysOn />,
  <NumberInput key="amount_gte" source="amount_gte" label="Amount at least" parse={toMinor} format={toMajor} />,
  <NumberInput key="amount_lte" source="amount_lte" label="Amount at most" parse={toMinor} format={toMajor} />,
];
