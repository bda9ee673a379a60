import { DataTable, DateField, List } from 'react-admin';
import { ListActions } from '../common/ListActions';
import type { EmailTemplate } from '../types';
import { TEMPLATE_LABELS } from './labels';

const Column = DataTable.Col<EmailTemplate>;

/** One template per message Recur sends; they are edited, never added or removed. */
export default function EmailTemplateList() {
  return (
    <List actions={<ListActions filters={false} />} sort={{ field: 'id', order: 'ASC' }} perPage={25} pagination={false}>
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <Column source="key" label="Message" render={(t) => TEMPLATE_LABELS[t.key] ?? t.key} />
        <Column source="subject" />
        <Column source="updatedBy" label="Edited by" disableSort render={(t) => t.updatedBy ?? 'default'} />
        <Column source="updatedAt" label="Updated">
          <DateField source="updatedAt" showTime />
        </Column>
      </DataTable>
    </List>
  );
}
