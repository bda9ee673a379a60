import Chip from '@mui/material/Chip';
import { DataTable, DateField, List, SearchInput } from 'react-admin';
import { ListActions } from '../common/ListActions';
import type { WebhookEndpoint } from './types';

const Column = DataTable.Col<WebhookEndpoint>;

function EndpointState({ active, disabledAt, failingSince }: WebhookEndpoint) {
  if (!active) return <Chip size="small" color={disabledAt ? 'error' : 'default'} label={disabledAt ? 'disabled (failing)' : 'off'} />;
  return failingSince ? <Chip size="small" color="warning" label="failing" /> : <Chip size="small" color="success" label="active" />;
}

/** Where the business's apps receive Recur's own events; the secret is never listed (a hint tells secrets apart). */
export function WebhookEndpointList() {
  return (
    <List
      filters={[<SearchInput key="q" source="q" placeholder="URL or description" alwaysOn />]}
      actions={<ListActions />}
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={25}
    >
      <DataTable rowClick="show" bulkActionButtons={false}>
        <Column source="url" label="URL" />
        <Column source="description" disableSort />
        <Column source="events" disableSort render={(e) => (e.events.length === 9 ? 'all events' : e.events.join(', '))} />
        <Column source="active" label="State" render={EndpointState} />
        <Column source="lastSuccessAt" label="Last success">
          <DateField source="lastSuccessAt" showTime emptyText="—" />
        </Column>
        <Column source="createdAt" label="Created">
          <DateField source="createdAt" showTime />
        </Column>
      </DataTable>
    </List>
  );
}
