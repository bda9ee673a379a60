import { DataTable, DateField, List, ReferenceField } from 'react-admin';
import { ListActions } from '../common/ListActions';
import { StatusChip } from '../common/StatusChip';
import { formatMoney } from '../../shared/money';
import type { Payment } from '../types';
import { CustomerEmailField } from './CustomerEmailField';
import { paymentFilters } from './PaymentFilters';
import { PAYMENT_STATUS_COLORS } from './PaymentStatus';
import { RefundButton } from './RefundButton';
import { RetryButton } from './RetryButton';

const Column = DataTable.Col<Payment>;

/** The decline as Stripe gave it: the code for filters and exports, the message for people. */
function declineReason(payment: Payment): string {
  if (!payment.failureCode && !payment.failureMessage) return '';
  return [payment.failureCode, payment.failureMessage].filter(Boolean).join(': ');
}

// Sortable: createdAt, attemptedAt, amount, status (the server's whitelist). Newest attempt first.
export function PaymentList() {
  return (
    <List filters={paymentFilters} actions={<ListActions />} sort={{ field: 'attemptedAt', order: 'DESC' }} perPage={25}>
      <DataTable rowClick={false} bulkActionButtons={false} hiddenColumns={['subscriptionId', 'retriedAt', 'stripePaymentIntentId', 'billingReason']}>
        <Column source="attemptedAt" label="Date" sortByOrder="DESC">
          <DateField source="attemptedAt" showTime />
        </Column>
        <Column source="customerEmail" label="Customer" disableSort>
          <CustomerEmailField />
        </Column>
        <Column source="amount" align="right" sortByOrder="DESC" render={(payment) => formatMoney(payment.amount, payment.currency)} />
        <Column source="status">
          <StatusChip colors={PAYMENT_STATUS_COLORS} />
        </Column>
        <Column
          source="refundedAmount"
          label="Refunded"
          align="right"
          disableSort
          render={(payment) => (Number(payment.refundedAmount) > 0 ? formatMoney(Number(payment.refundedAmount), payment.currency) : '')}
        />
        <Column source="failureCode" label="Decline reason" disableSort render={declineReason} />
        <Column source="attemptCount" label="Attempts" disableSort />
        <Column source="nextRetryAt" label="Next automatic retry" disableSort>
          <DateField source="nextRetryAt" showTime emptyText="—" />
        </Column>
        <Column source="retryOutcome" label="Retry outcome" disableSort />
        <Column source="billingReason" disableSort />
        <Column source="subscriptionId" label="Subscription" disableSort>
          <ReferenceField source="subscriptionId" reference="subscriptions" link="show" />
        </Column>
        <Column source="retriedAt" label="Retried" disableSort>
          <DateField source="retriedAt" showTime />
        </Column>
        <Column source="stripePaymentIntentId" label="Payment intent" disableSort />
        <Column label="Actions" disableSort>
          <RetryButton />
          <RefundButton />
        </Column>
      </DataTable>
    </List>
  );
}
