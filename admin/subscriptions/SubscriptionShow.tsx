import {
  BooleanField,
  DataTable,
  DateField,
  FunctionField,
  Labeled,
  NumberField,
  ReferenceField,
  ReferenceManyField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import Stack from '@mui/material/Stack';
import { useCanWrite } from '../common/permissions';
import { StatusChip } from '../common/StatusChip';
import { PAYMENT_STATUS_COLORS } from '../payments/PaymentStatus';
import { RetryButton } from '../payments/RetryButton';
import { formatMoney } from '../../shared/money';
import type { Payment, Subscription } from '../types';
import { ChangePlanButton } from './ChangePlanButton';
import { ChangeItemsButton } from './ChangeItemsButton';
import { PendingChangeField } from './PendingChangeField';
import { NextChargeField } from './NextChargeField';
import { SubscriptionActions } from './SubscriptionActions';
import { reasonText } from './CancellationReasonInput';
import { PAUSE_BEHAVIOR_LABELS } from '../../shared/pause';
import { SUBSCRIPTION_STATUS_COLORS } from './SubscriptionStatus';
import { isEnded } from '../../shared/subscriptionStatus';

function ShowActions() {
  const subscription = useRecordContext<Subscription>();
  const canWrite = useCanWrite();
  if (!canWrite || !subscription || isEnded(subscription.status)) return <TopToolbar />;
  return (
    <TopToolbar>
      <ChangePlanButton />
      <ChangeItemsButton />
      <SubscriptionActions />
    </TopToolbar>
  );
}

const PaymentColumn = DataTable.Col<Payment>;

/** Everything about one subscription, with its actions; there is no edit form: Stripe owns the fields. */
export function SubscriptionShow() {
  return (
    <Show actions={<ShowActions />}>
      <SimpleShowLayout>
        <Stack direction="row" spacing={4} sx={{ flexWrap: 'wrap' }}>
          <Labeled label="Customer">
            <ReferenceField source="customerId" reference="customers" link="show" />
          </Labeled>
          <Labeled label="Plan">
            <ReferenceField source="planId" reference="plans" link={false} />
          </Labeled>
          <Labeled label="Status">
            <StatusChip colors={SUBSCRIPTION_STATUS_COLORS} />
          </Labeled>
          <Labeled label="Quantity">
            <NumberField source="quantity" />
          </Labeled>
          <Labeled label="Cancels at period end">
            <BooleanField source="cancelAtPeriodEnd" />
          </Labeled>
          <Labeled label="Next charge">
            <NextChargeField />
          </Labeled>
        </Stack>
        <Stack direction="row" spacing={4} sx={{ flexWrap: 'wrap' }}>
          <Labeled label="Period started">
            <DateField source="currentPeriodStart" showTime />
          </Labeled>
          <Labeled label="Period ends">
            <DateField source="currentPeriodEnd" showTime />
          </Labeled>
          <Labeled label="Trial ends">
            <DateField source="trialEnd" showTime emptyText="—" />
          </Labeled>
          <Labeled label="Canceled">
            <DateField source="canceledAt" showTime emptyText="—" />
          </Labeled>
          <Labeled label="Stripe subscription">
            <TextField source="stripeSubscriptionId" />
          </Labeled>
        </Stack>
        <Labeled label="Items" fullWidth>
          <FunctionField<Subscription>
            render={(s) => (
              <ul data-testid="subscription-items" style={{ margin: 0, paddingLeft: 18 }}>
                {s.items.map((item) => (
                  <li key={item.id}>
                    <ReferenceField record={item} source="planId" reference="plans" link={false} emptyText={item.stripePriceId} /> × {item.quantity} —{' '}
                    {formatMoney(item.unitAmount * item.quantity, s.currency)}
                  </li>
                ))}
              </ul>
            )}
          />
        </Labeled>
        <Labeled label="Scheduled change">
          <PendingChangeField />
        </Labeled>
        <Stack direction="row" spacing={4} sx={{ flexWrap: 'wrap' }}>
          <Labeled label="Payment collection">
            <FunctionField<Subscription>
              render={(s) =>
                s.pauseBehavior
                  ? `Paused (${PAUSE_BEHAVIOR_LABELS[s.pauseBehavior]})${s.pausedUntil ? `, resumes ${new Date(s.pausedUntil).toLocaleString()}` : ', until unpaused'}`
                  : 'Running'
              }
            />
          </Labeled>
          <Labeled label="Cancellation reason">
            <FunctionField<Subscription> render={(s) => reasonText(s.cancellationReason) || '—'} />
          </Labeled>
        </Stack>
        <Labeled label="Payments" fullWidth>
          <ReferenceManyField reference="payments" target="subscriptionId" sort={{ field: 'attemptedAt', order: 'DESC' }} perPage={10}>
            <DataTable bulkActionButtons={false} rowClick={false}>
              <PaymentColumn source="attemptedAt" label="Date">
                <DateField source="attemptedAt" showTime />
              </PaymentColumn>
              <PaymentColumn source="amount" render={(p) => formatMoney(p.amount, p.currency)} />
              <PaymentColumn source="status">
                <StatusChip colors={PAYMENT_STATUS_COLORS} />
              </PaymentColumn>
              <PaymentColumn source="failureCode" label="Decline reason" />
              <PaymentColumn source="retryOutcome" label="Retry outcome" />
              <PaymentColumn label="Actions">
                <RetryButton />
              </PaymentColumn>
            </DataTable>
          </ReferenceManyField>
        </Labeled>
      </SimpleShowLayout>
    </Show>
  );
}
