import Stack from '@mui/material/Stack';
import { DateField, FunctionField, Labeled, NumberField, ReferenceField, Show, SimpleShowLayout, TextField, TopToolbar } from 'react-admin';
import { StatusChip } from '../common/StatusChip';
import { DELIVERY_STATUS_COLORS, type WebhookDelivery } from '../webhook-endpoints/types';
import { ReplayDeliveryButton } from './ReplayDeliveryButton';

const preStyle = { margin: 0, padding: 12, maxHeight: 480, overflow: 'auto', fontSize: 12, borderRadius: 4, background: 'rgba(127,127,127,0.12)' } as const;

/** One delivery: each attempt's response code, the start of the last answer, and the body sent. */
export function DeliveryShow() {
  return (
    <Show
      actions={
        <TopToolbar>
          <ReplayDeliveryButton />
        </TopToolbar>
      }
    >
      <SimpleShowLayout>
        <Stack direction="row" spacing={4} useFlexGap sx={{ flexWrap: 'wrap' }}>
          <Labeled label="Endpoint">
            <ReferenceField source="endpointId" reference="webhook-endpoints" link="show" />
          </Labeled>
          <Labeled label="Event">
            <TextField source="eventType" />
          </Labeled>
          <Labeled label="webhook-id">
            <TextField source="eventId" />
          </Labeled>
          <Labeled label="Status">
            <StatusChip colors={DELIVERY_STATUS_COLORS} />
          </Labeled>
          <Labeled label="Response">
            <NumberField source="responseStatus" emptyText="—" />
          </Labeled>
          <Labeled label="Attempts">
            <NumberField source="attempts" />
          </Labeled>
          <Labeled label="Replays">
            <NumberField source="replays" />
          </Labeled>
          <Labeled label="Next attempt">
            <DateField source="nextAttemptAt" showTime emptyText="—" />
          </Labeled>
          <Labeled label="Delivered">
            <DateField source="deliveredAt" showTime emptyText="—" />
          </Labeled>
        </Stack>
        <TextField source="lastError" emptyText="—" />
        <TextField source="responseExcerpt" label="Response (start)" emptyText="—" />
        <FunctionField<WebhookDelivery>
          label="Attempts log"
          render={(d) => (
            <pre style={preStyle} data-testid="delivery-attempts">
              {d.attemptLog.map((a) => `${a.at}  ${a.status ?? 'no response'}  ${a.ms} ms${a.error ? `  ${a.error}` : ''}`).join('\n') || '—'}
            </pre>
          )}
        />
        <FunctionField<WebhookDelivery>
          label="Body sent"
          render={(d) => (
            <pre style={preStyle} data-testid="delivery-payload">
              {JSON.stringify(d.payload, null, 2)}
            </pre>
          )}
        />
      </SimpleShowLayout>
    </Show>
  );
}
