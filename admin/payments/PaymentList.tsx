import { DataTable, DateField, List, ReferenceField, SelectInput } from 'react-admin';
import { ListActions } from '../common/ListActions';
import { CustomerFilter } from '../common/referenceFilters';
import { StatusChip } from '../common/StatusChip';
import { choicesOf } from '../common/choices';
import { formatMoney } from '../../shared/money';
import type { Payment } from '../types';
import { PAYMENT_STATUS_COLORS, PAYMENT_STATUSES } from './PaymentStatus';

const Column = DataTable.Col<Payment>;

const paymentFilters = [
  <SelectInput key="status" source="status" choices={choicesOf(PAYMENT_STATUSES)} alwaysOn />,
  <CustomerFilter key="customerId" alwaysOn />,
];

// Sortable: createdAt, amount, status (the server's whitelist). Newest attempt first.
export function PaymentList() {
  return (
    <List filters={paymentFilters} actions={<ListActions />} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25}>
      <DataTable
        rowClick={false}
        bulkActionButtons={false}
        hiddenColumns={['subscriptionId', 'retriedAt', 'stripePaymentIntentId']}
      >
        <Column source="createdAt" label="Date" sortByOrder="DESC">
          <DateField source="createdAt" showTime />
        </Column>
        <Column source="customerId" label="Customer" disableSort>
          <ReferenceField source="customerId" reference="customers" link={false} />
        </Column>
        <Column
          source="amount"
          align="right"
          sortByOrder="DESC"
          render={(payment) => formatMoney(payment.amount, payment.currency)}
        />
        <Column source="status">
          <StatusChip colors={PAYMENT_STATUS_COLORS} />
        </Column>
        <Column source="attemptCount" label="Attempts" disableSort />
        <Column source="failureCode" disableSort />
        <Column source="failureMessage" disableSort />
        <Column source="nextRetryAt" label="Next retry" disableSort>
          <DateField source="nextRetryAt" showTime />
        </Column>
        <Column source="retryOutcome" disableSort />
        <Column source="billingReason" disableSort />
        <Column source="subscriptionId" label="Subscription" disableSort />
        <Column source="retriedAt" label="Retried" disableSort>
          <DateField source="retriedAt" showTime />
        </Column>
        <Column source="stripePaymentIntentId" label="Payment intent" disableSort />
      </DataTable>
    </List>
  );
}
