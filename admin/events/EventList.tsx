import { DataTable, DateField, List, SearchInput, SelectInput, TextInput } from 'react-admin';
import { ListActions } from '../common/ListActions';
import { choicesOf } from '../common/choices';
import { StatusChip } from '../common/StatusChip';
import type { InboxEvent } from '../types';
import { EVENT_STATUS_COLORS } from './EventStatus';
import { ApiVersionNotice } from './ApiVersionNotice';
import { ReplayButton } from './ReplayButton';

const Column = DataTable.Col<InboxEvent>;

const eventFilters = [
  <SearchInput key="q" source="q" placeholder="Type or object id" alwaysOn />,
  <SelectInput key="status" source="status" choices={choicesOf(Object.keys(EVENT_STATUS_COLORS))} alwaysOn />,
  <TextInput key="type" source="type" label="Exact type" />,
  <TextInput key="objectType" source="objectType" label="Object type" />,
];

/** The webhook inbox. Sortable: receivedAt, stripeCreated, type, status. */
export function EventList() {
  return (
    <List filters={eventFilters} actions={<ListActions />} sort={{ field: 'receivedAt', order: 'DESC' }} perPage={25}>
      <ApiVersionNotice />
      <DataTable rowClick="show" bulkActionButtons={false} hiddenColumns={['objectType', 'processedAt']}>
        <Column source="receivedAt" label="Received">
          <DateField source="receivedAt" showTime />
        </Column>
        <Column source="type" />
        <Column source="objectId" label="Object" disableSort />
        <Column source="objectType" disableSort />
        <Column source="status">
          <StatusChip colors={EVENT_STATUS_COLORS} />
        </Column>
        <Column source="attempts" disableSort />
        <Column source="error" disableSort />
        <Column source="processedAt" label="Processed" disableSort>
          <DateField source="processedAt" showTime />
        </Column>
        <Column label="Actions" disableSort>
          <ReplayButton />
        </Column>
      </DataTable>
    </List>
  );
}
