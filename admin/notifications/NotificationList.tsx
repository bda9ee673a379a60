import { DataTable, DateField, List, ReferenceField, SearchInput, SelectInput } from 'react-admin';
import { ListActions } from '../common/ListActions';
import { choicesOf } from '../common/choices';
import { CustomerFilter } from '../common/referenceFilters';
import { StatusChip } from '../common/StatusChip';
import { TEMPLATE_LABELS } from '../email-templates/labels';
import type { OutboxNotification } from '../types';
import { NOTIFICATION_STATUS_COLORS } from './NotificationStatus';

const Column = DataTable.Col<OutboxNotification>;
const templateChoices = Object.entries(TEMPLATE_LABELS).map(([id, name]) => ({ id, name }));

const filters = [
  <SearchInput key="q" source="q" placeholder="Recipient" alwaysOn />,
  <SelectInput key="status" source="status" choices={choicesOf(Object.keys(NOTIFICATION_STATUS_COLORS))} alwaysOn />,
  <SelectInput key="template" source="template" label="Message" choices={templateChoices} alwaysOn />,
  <CustomerFilter key="customerId" />,
];

/** The outbox: every e-mail Recur sent or kept (status stored: no SMTP_URL), newest first. */
export default function NotificationList() {
  return (
    <List filters={filters} actions={<ListActions />} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25}>
      <DataTable rowClick="show" bulkActionButtons={false} hiddenColumns={['attempts']}>
        <Column source="createdAt" label="Queued">
          <DateField source="createdAt" showTime />
        </Column>
        <Column source="template" label="Message" render={(n) => TEMPLATE_LABELS[n.template] ?? n.template} />
        <Column source="to" />
        <Column source="subject" disableSort render={(n) => n.subject ?? '(rendered when sent)'} />
        <Column source="status">
          <StatusChip colors={NOTIFICATION_STATUS_COLORS} />
        </Column>
        <Column source="customerId" label="Customer" disableSort>
          <ReferenceField source="customerId" reference="customers" emptyText="—" />
        </Column>
        <Column source="attempts" disableSort />
        <Column source="lastError" label="Error" disableSort />
        <Column source="sentAt" label="Sent">
          <DateField source="sentAt" showTime emptyText="—" />
        </Column>
      </DataTable>
    </List>
  );
}
