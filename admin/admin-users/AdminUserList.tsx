import { DataTable, DateField, DeleteButton, EditButton, List, SearchInput, SelectInput, useGetIdentity, useRecordContext } from 'react-admin';
import { ListActions } from '../common/ListActions';
import type { AdminUser } from '../types';
import { roleChoices } from './roleChoices';

const Column = DataTable.Col<AdminUser>;

const filters = [
  <SearchInput key="q" source="q" placeholder="Search e-mail or name" alwaysOn />,
  <SelectInput key="role" source="role" choices={roleChoices} alwaysOn />,
];

/** Nobody deletes their own account here (the server answers 409 too): another owner has to. */
function DeleteOthers() {
  const { identity } = useGetIdentity();
  const record = useRecordContext<AdminUser>();
  if (!record || !identity || String(record.id) === String(identity.id)) return null;
  return (
    <DeleteButton
      mutationMode="pessimistic"
      confirmTitle="Delete this admin user?"
      confirmContent="They are signed out and can no longer sign in. The audit log keeps their e-mail."
    />
  );
}

export function AdminUserList() {
  return (
    <List filters={filters} actions={<ListActions />} sort={{ field: 'email', order: 'ASC' }} perPage={25}>
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <Column source="email" />
        <Column source="name" />
        <Column source="role" />
        <Column source="createdAt" label="Created">
          <DateField source="createdAt" />
        </Column>
        <Column label="Actions" disableSort>
          <EditButton />
          <DeleteOthers />
        </Column>
      </DataTable>
    </List>
  );
}
