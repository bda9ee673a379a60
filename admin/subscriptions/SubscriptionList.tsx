import { BooleanField, DataTable, DateField, List, ReferenceField, SelectInput } from 'react-admin';
import { CANCELLATION_FEEDBACK, CANCELLATION_FEEDBACK_LABELS, PAUSE_BEHAVIORS } from '../../shared/pause';
import { reasonText } from './CancellationReasonInput';
import { ListActions } from '../common/ListActions';
import { CustomerFilter, PlanFilter } from '../common/referenceFilters';
import { StatusChip } from '../common/StatusChip';
import { choicesOf } from '../common/choices';
import type { Subscription } from '../types';
import { recurringPrice } from './recurringPrice';
import { SUBSCRIPTION_STATUS_COLORS, SUBSCRIPTION_STATUSES } from './SubscriptionStatus';

const Column = DataTable.Col<Subscription>;

const subscriptionFilters = [
  <SelectInput key="status" source="status" choices={choicesOf(SUBSCRIPTION_STATUSES)} alwaysOn />,
  <CustomerFilter key="customerId" alwaysOn />,
  <PlanFilter key="planId" alwaysOn />,
  <SelectInput
    key="cancellationFeedback"
    source="cancellationFeedback"
    label="Cancellation reason"
    choices={CANCELLATION_FEEDBACK.map((id) => ({ id, name: CANCELLATION_FEEDBACK_LABELS[id] }))}
  />,
  <SelectInput key="pauseBehavior" source="pauseBehavior" label="Paused" choices={choicesOf(PAUSE_BEHAVIORS)} />,
];

// Sortable: status, currentPeriodEnd, createdAt (the server's whitelist).
export function SubscriptionList() {
  return (
    <List filters={subscriptionFilters} actions={<ListActions />} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25}>
      <DataTable rowClick="show" bulkActionButtons={false} hiddenColumns={['stripeSubscriptionId']}>
        <Column source="customerId" label="Customer" disableSort>
          <ReferenceField source="customerId" reference="customers" link={false} />
        </Column>
        <Column source="planId" label="Plan" disableSort>
          <ReferenceField source="planId" reference="plans" link={false} />
        </Column>
        <Column source="status">
          <StatusChip colors={SUBSCRIPTION_STATUS_COLORS} />
        </Column>
        <Column source="quantity" disableSort />
        <Column source="recurringAmount" label="Price" align="right" disableSort render={recurringPrice} />
        <Column source="currentPeriodEnd" label="Period ends">
          <DateField source="currentPeriodEnd" showTime />
        </Column>
        <Column source="cancelAtPeriodEnd" label="Cancels at period end" disableSort>
          <BooleanField source="cancelAtPeriodEnd" />
        </Column>
        <Column
          source="pauseBehavior"
          label="Paused"
          disableSort
          render={(s) => (s.pauseBehavior ? `${s.pauseBehavior}${s.pausedUntil ? ` until ${new Date(s.pausedUntil).toLocaleDateString()}` : ''}` : '')}
        />
        <Column source="cancellationReason" label="Cancellation reason" disableSort render={(s) => reasonText(s.cancellationReason)} />
        <Column source="stripeSubscriptionId" disableSort />
        <Column source="createdAt" label="Created">
          <DateField source="createdAt" />
        </Column>
      </DataTable>
    </List>
  );
}
