import { DataTable, DateField, Labeled, ReferenceField, ReferenceManyField, Show, TabbedShowLayout, TextField, TopToolbar } from 'react-admin';
import { AddChargeButton } from './AddChargeButton';
import Stack from '@mui/material/Stack';
import { lazy } from 'react';
import { StatusChip } from '../common/StatusChip';
import { INVOICE_STATUS_COLORS } from '../invoices/InvoiceList';
import { PAYMENT_STATUS_COLORS } from '../payments/PaymentStatus';
import { RefundButton } from '../payments/RefundButton';
import { RetryButton } from '../payments/RetryButton';
import { SUBSCRIPTION_STATUS_COLORS } from '../subscriptions/SubscriptionStatus';
import { recurringPrice } from '../subscriptions/recurringPrice';
import { EVENT_STATUS_COLORS } from '../events/EventStatus';
import { DeletedMarker } from './DeletedMarker';
import { FormAnswersSection } from './FormAnswersSection';
import { CustomerTotal } from './CustomerTotal';
import { formatMoney } from '../../shared/money';
import type { InboxEvent, Invoice, Payment, Subscription } from '../types';

// The outbox screens are a lazy chunk; the customer page loads its part of them on demand.
const CustomerNotifications = lazy(() => import('../notifications/CustomerNotifications'));

const SubscriptionColumn = DataTable.Col<Subscription>;
const PaymentColumn = DataTable.Col<Payment>;
const InvoiceColumn = DataTable.Col<Invoice>;
const EventColumn = DataTable.Col<InboxEvent>;

/** Everything about one customer: run-rate and collected totals, then subscriptions, payments, invoices. */
export function CustomerShow() {
  return (
    <Show
      actions={
        <TopToolbar>
          <AddChargeButton />
        </TopToolbar>
      }
    >
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label="Summary">
          <Stack direction="row" spacing={4} sx={{ flexWrap: 'wrap' }}>
            <Labeled label="E-mail">
              <Stack direction="row" sx={{ alignItems: 'center' }}>
                <TextField source="email" />
                <DeletedMarker />
              </Stack>
            </Labeled>
            <Labeled label="Name">
              <TextField source="name" />
            </Labeled>
            <Labeled label="Monthly total">
              <CustomerTotal source="monthlyTotal" />
            </Labeled>
            <Labeled label="Yearly total">
              <CustomerTotal source="yearlyTotal" />
            </Labeled>
            <Labeled label="Collected, 30 days">
              <CustomerTotal source="collected30d" />
            </Labeled>
            <Labeled label="Collected, 365 days">
              <CustomerTotal source="collected365d" />
            </Labeled>
            <Labeled label="Stripe customer">
              <TextField source="stripeCustomerId" />
            </Labeled>
            <Labeled label="External id">
              <TextField source="externalId" emptyText="not linked" />
            </Labeled>
            <Labeled label="Since">
              <DateField source="createdAt" />
            </Labeled>
          </Stack>
          <Labeled label="Subscriptions" fullWidth>
            <ReferenceManyField reference="subscriptions" target="customerId" sort={{ field: 'createdAt', order: 'DESC' }}>
              <DataTable rowClick="show" bulkActionButtons={false}>
                <SubscriptionColumn source="planId" label="Plan">
                  <ReferenceField source="planId" reference="plans" link={false} />
                </SubscriptionColumn>
                <SubscriptionColumn source="status">
                  <StatusChip colors={SUBSCRIPTION_STATUS_COLORS} />
                </SubscriptionColumn>
                <SubscriptionColumn source="recurringAmount" label="Price" disableSort render={recurringPrice} />
                <SubscriptionColumn source="currentPeriodEnd" label="Period ends">
                  <DateField source="currentPeriodEnd" />
                </SubscriptionColumn>
                <SubscriptionColumn source="cancelAtPeriodEnd" label="Cancels at period end" render={(s) => (s.cancelAtPeriodEnd ? 'yes' : 'no')} />
              </DataTable>
            </ReferenceManyField>
          </Labeled>
          <Labeled label="Form answers" fullWidth>
            <FormAnswersSection />
          </Labeled>
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Payments" path="payments">
          <ReferenceManyField reference="payments" target="customerId" sort={{ field: 'attemptedAt', order: 'DESC' }} perPage={25}>
            <DataTable rowClick={false} bulkActionButtons={false}>
              <PaymentColumn source="attemptedAt" label="Date">
                <DateField source="attemptedAt" showTime />
              </PaymentColumn>
              <PaymentColumn source="amount" render={(p) => formatMoney(p.amount, p.currency)} />
              <PaymentColumn source="status">
                <StatusChip colors={PAYMENT_STATUS_COLORS} />
              </PaymentColumn>
              <PaymentColumn source="failureCode" label="Decline reason" />
              <PaymentColumn source="attemptCount" label="Attempts" />
              <PaymentColumn source="retryOutcome" label="Retry outcome" />
              <PaymentColumn label="Actions">
                <RetryButton />
                <RefundButton />
              </PaymentColumn>
            </DataTable>
          </ReferenceManyField>
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Invoices" path="invoices">
          <ReferenceManyField reference="invoices" target="customerId" sort={{ field: 'createdAt', order: 'DESC' }} perPage={25}>
            <DataTable rowClick={false} bulkActionButtons={false}>
              <InvoiceColumn source="number" />
              <InvoiceColumn source="status">
                <StatusChip colors={INVOICE_STATUS_COLORS} />
              </InvoiceColumn>
              <InvoiceColumn source="amountDue" label="Due" render={(i) => formatMoney(i.amountDue, i.currency)} />
              <InvoiceColumn source="amountPaid" label="Paid" render={(i) => formatMoney(i.amountPaid, i.currency)} />
              <InvoiceColumn source="createdAt" label="Created">
                <DateField source="createdAt" />
              </InvoiceColumn>
            </DataTable>
          </ReferenceManyField>
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Events" path="events">
          {/* The webhook events about this customer's objects: the server resolves customerId. */}
          <ReferenceManyField reference="events" target="customerId" sort={{ field: 'receivedAt', order: 'DESC' }} perPage={25}>
            <DataTable rowClick="show" bulkActionButtons={false}>
              <EventColumn source="receivedAt" label="Received">
                <DateField source="receivedAt" showTime />
              </EventColumn>
              <EventColumn source="type" />
              <EventColumn source="objectId" label="Object" disableSort />
              <EventColumn source="status">
                <StatusChip colors={EVENT_STATUS_COLORS} />
              </EventColumn>
              <EventColumn source="error" disableSort />
            </DataTable>
          </ReferenceManyField>
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Notifications" path="notifications">
          <CustomerNotifications />
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </Show>
  );
}
