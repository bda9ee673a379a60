import { DataTable, DateField, List, SearchInput, TextInput } from 'react-admin';
import { ListActions } from '../common/ListActions';
import type { AuditLogEntry } from '../types';

const Column = DataTable.Col<AuditLogEntry>;

// Exact-match filters on the server; `q` is the substring search over actor, action and entity.
const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <TextInput key="actor" source="actor" label="Actor e-mail" />,
  <TextInput key="action" source="action" label="Action (e.g. payment.retry)" />,
  <TextInput key="entityType" source="entityType" label="Entity type" />,
];

/** Who did what, newest first; read-only (entries are written by the actions themselves). */
export function AuditLogList() {
  return (
    <List filters={filters} actions={<ListActions />} sort={{ field: 'createdAt', order: 'DESC' }} perPage={50}>
      <DataTable rowClick={false} bulkActionButtons={false}>
        <Column source="createdAt" label="When">
          <DateField source="createdAt" showTime />
        </Column>
        <Column source="actor" />
        <Column source="action" />
        <Column source="entityType" label="Entity" disableSort render={(entry) => (entry.entityType ? `${entry.entityType} ${entry.entityId ?? ''}` : '')} />
        <Column source="details" disableSort render={(entry) => entry.details ?? ''} />
      </DataTable>
    </List>
  );
}
