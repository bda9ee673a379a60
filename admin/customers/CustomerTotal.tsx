import { useGetList, useListContext, useRecordContext } from 'react-admin';
import { formatTotal } from '../../shared/money';
import type { Customer, Subscription } from '../types';

export type TotalSource = 'monthlyTotal' | 'yearlyTotal' | 'collected30d' | 'collected365d';

/**
 * The currency each customer's totals are in. Stripe sets a customer's own currency lazily (the
 * emulator never does), so a customer without one has its totals in its latest subscription's
 * currency, as the server's stats and one-time charges count them (server/billing/stats.ts,
 * charges.ts). One request covers every customer given that lacks a currency: all the cells of a
 * list page ask with the same ids, and react-query makes it one fetch.
 */
export function useTotalsCurrency(customers: readonly Customer[]): (customer: Customer) => string | null {
  const missing = customers.filter((customer) => !customer.currency).map((customer) => customer.id);
  const { data: subscriptions } = useGetList<Subscription>(
    'subscriptions',
    { filter: { customerId: missing }, pagination: { page: 1, perPage: 500 }, sort: { field: 'createdAt', order: 'DESC' } },
    { enabled: missing.length > 0 },
  );
  return (customer) => {
    if (customer.currency) return customer.currency;
    // newest first: the first one seen is the customer's latest
    return subscriptions?.find((s) => String(s.customerId) === String(customer.id) && s.currency)?.currency ?? null;
  };
}

/** One of a customer's totals as money: the record's, its currency looked up among `customers` (the list page) when Stripe has not set it. */
export function CustomerTotal({ source, customers }: { source: TotalSource; customers?: readonly Customer[] }) {
  const customer = useRecordContext<Customer>();
  const currencyOf = useTotalsCurrency(customers ?? (customer ? [customer] : []));
  if (!customer) return null;
  return <span data-total={source}>{formatTotal(customer[source], currencyOf(customer))}</span>;
}

/** CustomerTotal in a list row: the page's customers share one lookup. */
export function ListedCustomerTotal({ source }: { source: TotalSource }) {
  const { data } = useListContext<Customer>();
  return <CustomerTotal source={source} customers={data ?? []} />;
}
