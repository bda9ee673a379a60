import { DataTable, DateField, List, ReferenceField, ReferenceInput, SelectInput, TextInput } from 'react-admin';
import { ListActions } from '../common/ListActions';
import { choicesOf } from '../common/choices';
import { StatusChip } from '../common/StatusChip';
import { EVENT_CHOICES } from '../webhook-endpoints/eventChoices';
import { DELIVERY_STATUS_COLORS, type WebhookDelivery } from '../webhook-endpoints/types';
import { ReplayDeliveryButton } from './ReplayDeliveryButton';

const Column = DataTable.Col<WebhookDelivery>;

const filters = [
  <SelectInput key="status" source="status" choices={choicesOf(Object.keys(DELIVERY_STATUS_COLORS))} alwaysOn />,
  <SelectInput key="eventType" source="eventType" label="Event" choices={EVENT_CHOICES} alwaysOn />,
  <ReferenceInput key="endpointId" source="endpointId" reference="webhook-endpoints" />,
  <TextInput key="eventId" source="eventId" label="Event id (msg_…)" />,
];

/** The delivery log: every event sent to every endpoint, its response code and attempts. */
export function DeliveryList() {
  return (
    <List filters={filters} actions={<ListActions />} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25}>
      <DataTable rowClick="show" bulkActionButtons={false} hiddenColumns={['eventId']}>
        <Column source="createdAt" label="Created">
          <DateField source="createdAt" showTime />
        </Column>
        <Column source="endpointId" label="Endpoint">
          <ReferenceField source="endpointId" reference="webhook-endpoints" link="show" />
        </Column>
        <Column source="eventType" label="Event" />
        <Column source="eventId" label="Event id" disableSort />
        <Column source="status">
          <StatusChip colors={DELIVERY_STATUS_COLORS} />
        </Column>
        <Column source="responseStatus" label="Response" render={(d) => d.responseStatus ?? '—'} />
        <Column source="attempts" />
        <Column source="nextAttemptAt" label="Next attempt">
          <DateField source="nextAttemptAt" showTime emptyText="—" />
        </Column>
        <Column label="Actions" disableSort>
          <ReplayDeliveryButton />
        </Column>
      </DataTable>
    </List>
  );
}
