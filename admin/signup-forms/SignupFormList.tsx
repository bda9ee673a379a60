import { BooleanField, DataTable, DateField, List, SearchInput } from 'react-admin';
import { ListActions } from '../common/ListActions';
import { useCanWrite } from '../common/permissions';
import type { SignupFormRecord } from '../types';

const Column = DataTable.Col<SignupFormRecord>;
const filters = [<SearchInput key="q" source="q" placeholder="Title or slug" alwaysOn />];

/** Signup forms. Sortable: slug, title, active, createdAt, updatedAt (the server's whitelist). */
export default function SignupFormList() {
  const canWrite = useCanWrite();
  return (
    <List filters={filters} actions={<ListActions />} sort={{ field: 'slug', order: 'ASC' }} perPage={25}>
      <DataTable rowClick={canWrite ? 'edit' : 'show'} bulkActionButtons={false}>
        <Column source="title" />
        <Column source="slug" render={(form) => `/signup/${form.slug}`} />
        <Column source="planIds" label="Plans" disableSort render={(form) => (form.allPlans ? 'all active' : String(form.planIds.length))} />
        <Column source="customFields" label="Custom fields" disableSort render={(form) => String(form.customFields.length)} />
        <Column source="active">
          <BooleanField source="active" />
        </Column>
        <Column source="updatedAt" label="Changed">
          <DateField source="updatedAt" />
        </Column>
      </DataTable>
    </List>
  );
}
