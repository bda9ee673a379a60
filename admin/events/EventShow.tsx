import { DateField, FunctionField, Labeled, NumberField, Show, SimpleShowLayout, TextField, TopToolbar } from 'react-admin';
import Stack from '@mui/material/Stack';
import { StatusChip } from '../common/StatusChip';
import type { InboxEvent } from '../types';
import { EVENT_STATUS_COLORS } from './EventStatus';
import { ReplayButton } from './ReplayButton';

const payloadStyle = { margin: 0, padding: 12, maxHeight: 480, overflow: 'auto', fontSize: 12, borderRadius: 4, background: 'rgba(127,127,127,0.12)' } as const;

/** One stored event: its processing state and the payload exactly as Stripe sent it. */
export function EventShow() {
  return (
    <Show
      actions={
        <TopToolbar>
          <ReplayButton />
        </TopToolbar>
      }
    >
      <SimpleShowLayout>
        <Stack direction="row" spacing={4} sx={{ flexWrap: 'wrap' }}>
          <Labeled label="Id">
            <TextField source="id" />
          </Labeled>
          <Labeled label="Type">
            <TextField source="type" />
          </Labeled>
          <Labeled label="Status">
            <StatusChip colors={EVENT_STATUS_COLORS} />
          </Labeled>
          <Labeled label="Attempts">
            <NumberField source="attempts" />
          </Labeled>
          <Labeled label="Received">
            <DateField source="receivedAt" showTime />
          </Labeled>
          <Labeled label="Processed">
            <DateField source="processedAt" showTime emptyText="—" />
          </Labeled>
        </Stack>
        <TextField source="error" emptyText="—" />
        <FunctionField<InboxEvent>
          label="Payload"
          render={(event) => (
            <pre style={payloadStyle} data-testid="event-payload">
              {JSON.stringify(event.payload, null, 2)}
            </pre>
          )}
        />
      </SimpleShowLayout>
    </Show>
  );
}
