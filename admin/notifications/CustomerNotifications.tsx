import { DataTable, DateField, ReferenceManyField } from 'react-admin';
import { StatusChip } from '../common/StatusChip';
import { TEMPLATE_LABELS } from '../email-templates/labels';
import type { OutboxNotification } from '../types';
import { NOTIFICATION_STATUS_COLORS } from './NotificationStatus';

const Column = DataTable.Col<OutboxNotification>;

/** The e-mails sent to one customer (the customer page's Notifications tab); default export for React.lazy. */
export default function CustomerNotifications() {
  return (
    <ReferenceManyField reference="notifications" target="customerId" sort={{ field: 'createdAt', order: 'DESC' }} perPage={25}>
      <DataTable rowClick={(id) => `/notifications/${id}/show`} bulkActionButtons={false}>
        <Column source="createdAt" label="Queued">
          <DateField source="createdAt" showTime />
        </Column>
        <Column source="template" label="Message" render={(n) => TEMPLATE_LABELS[n.template] ?? n.template} />
        <Column source="subject" disableSort />
        <Column source="status">
          <StatusChip colors={NOTIFICATION_STATUS_COLORS} />
        </Column>
        <Column source="sentAt" label="Sent">
          <DateField source="sentAt" showTime emptyText="—" />
        </Column>
      </DataTable>
    </ReferenceManyField>
  );
}
