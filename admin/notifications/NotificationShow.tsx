import Stack from '@mui/material/Stack';
import { DateField, FunctionField, Labeled, NumberField, ReferenceField, Show, SimpleShowLayout, TextField, TopToolbar } from 'react-admin';
import { StatusChip } from '../common/StatusChip';
import { TEMPLATE_LABELS } from '../email-templates/labels';
import type { OutboxNotification } from '../types';
import { NOTIFICATION_STATUS_COLORS } from './NotificationStatus';
import { ResendButton } from './ResendButton';

const pre = { margin: 0, padding: 12, whiteSpace: 'pre-wrap', fontSize: 13, borderRadius: 4, background: 'rgba(127,127,127,0.12)' } as const;

/** One e-mail as it was sent (or kept): addressing, delivery state, then text and HTML. */
export default function NotificationShow() {
  return (
    <Show
      actions={
        <TopToolbar>
          <ResendButton />
        </TopToolbar>
      }
    >
      <SimpleShowLayout>
        <Stack direction="row" spacing={4} sx={{ flexWrap: 'wrap' }}>
          <Labeled label="Message">
            <FunctionField<OutboxNotification> render={(n) => TEMPLATE_LABELS[n.template] ?? n.template} />
          </Labeled>
          <Labeled label="To">
            <TextField source="to" />
          </Labeled>
          <Labeled label="Customer">
            <ReferenceField source="customerId" reference="customers" emptyText="—" />
          </Labeled>
          <Labeled label="Status">
            <StatusChip colors={NOTIFICATION_STATUS_COLORS} />
          </Labeled>
          <Labeled label="Attempts">
            <NumberField source="attempts" />
          </Labeled>
          <Labeled label="Queued">
            <DateField source="createdAt" showTime />
          </Labeled>
          <Labeled label="Sent">
            <DateField source="sentAt" showTime emptyText="—" />
          </Labeled>
          <Labeled label="Re-send of">
            <ReferenceField source="resentFrom" reference="notifications" emptyText="—" />
          </Labeled>
        </Stack>
        <TextField source="lastError" label="Last error" emptyText="—" />
        <TextField source="subject" emptyText="(rendered when it is sent)" />
        <FunctionField<OutboxNotification>
          label="Text"
          render={(n) => (
            <pre style={pre} data-testid="notification-text">
              {n.textBody ?? ''}
            </pre>
          )}
        />
        <FunctionField<OutboxNotification>
          label="HTML"
          render={(n) =>
            n.htmlBody ? <iframe title="HTML" sandbox="" srcDoc={n.htmlBody} style={{ width: '100%', minHeight: 280, border: 0, background: '#fff' }} /> : '—'
          }
        />
      </SimpleShowLayout>
    </Show>
  );
}
