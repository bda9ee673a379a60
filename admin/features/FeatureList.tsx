import { DataTable, DateField, List, SelectInput, TextInput } from 'react-admin';
import { ListActions } from '../common/ListActions';
import { useCanWrite } from '../common/permissions';
import { KIND_CHOICES } from './FeatureForm';
import type { Feature } from './types';

const Column = DataTable.Col<Feature>;

// The server whitelists exactly these: q (key, name), kind; sort by key, name, kind, createdAt.
const filters = [<TextInput key="q" source="q" label="Search" alwaysOn />, <SelectInput key="kind" source="kind" choices={KIND_CHOICES} alwaysOn />];

export function FeatureList() {
  const canWrite = useCanWrite();
  return (
    <List filters={filters} actions={<ListActions />} sort={{ field: 'key', order: 'ASC' }} perPage={25}>
      <DataTable rowClick={canWrite ? 'edit' : false} bulkActionButtons={false}>
        <Column source="key" render={(f) => <code>{f.key}</code>} />
        <Column source="name" />
        <Column source="kind" render={(f) => (f.kind === 'limit' ? 'Limit' : 'On/off')} />
        <Column source="description" disableSort />
        <Column source="createdAt" label="Created">
          <DateField source="createdAt" />
        </Column>
      </DataTable>
    </List>
  );
}
