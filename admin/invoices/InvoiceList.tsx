import { DataTable, DateField, List, SearchInput, SelectInput } from 'react-admin';
import { ListActions } from '../common/ListActions';
import { choicesOf } from '../common/choices';
import { CustomerFilter } from '../common/referenceFilters';
import { StatusChip, type ChipColor } from '../common/StatusChip';
import { formatMoney } from '../../shared/money';
import type { Invoice } from '../types';
import { CustomerLink } from '../customers/CustomerLink';

const Column = DataTable.Col<Invoice>;

export const INVOICE_STATUS_COLORS: Readonly<Record<Invoice['status'], ChipColor>> = {
  draft: 'default',
  open: 'warning',
  paid: 'success',
  uncollectible: 'error',
  void: 'default',
};

const invoiceFilters = [
  <SearchInput key="q" source="q" placeholder="Number or Stripe id" alwaysOn />,
  <SelectInput key="status" source="status" choices={choicesOf(Object.keys(INVOICE_STATUS_COLORS))} alwaysOn />,
  <CustomerFilter key="customerId" alwaysOn />,
];

// Sortable: createdAt, amountDue, status, periodEnd (the server's whitelist).
export function InvoiceList() {
  return (
    <List filters={invoiceFilters} actions={<ListActions />} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25}>
      <DataTable rowClick={false} bulkActionButtons={false} hiddenColumns={['stripeInvoiceId', 'billingReason']}>
        <Column source="number" disableSort />
        <Column source="customerId" label="Customer" disableSort>
          <CustomerLink />
        </Column>
        <Column source="status">
          <StatusChip colors={INVOICE_STATUS_COLORS} />
        </Column>
        <Column source="amountDue" label="Due" align="right" render={(invoice) => formatMoney(invoice.amountDue, invoice.currency)} />
        <Column source="amountPaid" label="Paid" align="right" disableSort render={(invoice) => formatMoney(invoice.amountPaid, invoice.currency)} />
        <Column source="attemptCount" label="Attempts" disableSort />
        <Column source="nextPaymentAttempt" label="Next attempt" disableSort>
          <DateField source="nextPaymentAttempt" showTime emptyText="—" />
        </Column>
        <Column source="periodEnd" label="Period ends">
          <DateField source="periodEnd" />
        </Column>
        <Column source="billingReason" disableSort />
        <Column source="stripeInvoiceId" disableSort />
        <Column source="createdAt" label="Created">
          <DateField source="createdAt" />
        </Column>
      </DataTable>
    </List>
  );
}
