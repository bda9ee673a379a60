import Stack from '@mui/material/Stack';
import {
  BooleanField,
  DataTable,
  DateField,
  DeleteButton,
  EditButton,
  Labeled,
  Pagination,
  ReferenceManyField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  FunctionField,
} from 'react-admin';
import { StatusChip } from '../common/StatusChip';
import { useCanWrite } from '../common/permissions';
import { ReplayDeliveryButton } from '../webhook-deliveries/ReplayDeliveryButton';
import { DELIVERY_STATUS_COLORS, type WebhookDelivery, type WebhookEndpoint } from './types';
import { RotateSecretButton } from './RotateSecretButton';

const Column = DataTable.Col<WebhookDelivery>;

function Actions() {
  const canWrite = useCanWrite();
  return (
    <TopToolbar>
      {canWrite && (
        <>
          <EditButton />
          <RotateSecretButton />
          <DeleteButton mutationMode="pessimistic" />
        </>
      )}
    </TopToolbar>
  );
}

/** One endpoint: its health, and its delivery log with response codes and Replay. */
export function WebhookEndpointShow() {
  return (
    <Show actions={<Actions />}>
      <SimpleShowLayout>
        <Stack direction="row" spacing={4} useFlexGap sx={{ flexWrap: 'wrap' }}>
          <Labeled label="URL">
            <TextField source="url" />
          </Labeled>
          <Labeled label="Active">
            <BooleanField source="active" />
          </Labeled>
          <Labeled label="Secret">
            <TextField source="secretHint" />
          </Labeled>
          <Labeled label="Last success">
            <DateField source="lastSuccessAt" showTime emptyText="—" />
          </Labeled>
          <Labeled label="Failing since">
            <DateField source="failingSince" showTime emptyText="—" />
          </Labeled>
          <Labeled label="Disabled">
            <DateField source="disabledAt" showTime emptyText="—" />
          </Labeled>
        </Stack>
        <TextField source="description" emptyText="—" />
        <TextField source="disabledReason" label="Why disabled" emptyText="—" />
        <FunctionField<WebhookEndpoint> label="Events" render={(e) => e.events.join(', ')} />
        <ReferenceManyField
          label="Deliveries"
          reference="webhook-deliveries"
          target="endpointId"
          sort={{ field: 'createdAt', order: 'DESC' }}
          perPage={10}
          pagination={<Pagination />}
        >
          <DataTable rowClick="show" bulkActionButtons={false}>
            <Column source="createdAt" label="Created">
              <DateField source="createdAt" showTime />
            </Column>
            <Column source="eventType" label="Event" />
            <Column source="status">
              <StatusChip colors={DELIVERY_STATUS_COLORS} />
            </Column>
            <Column source="responseStatus" label="Response" render={(d) => d.responseStatus ?? '—'} />
            <Column source="attempts" />
            <Column label="Actions" disableSort>
              <ReplayDeliveryButton />
            </Column>
          </DataTable>
        </ReferenceManyField>
      </SimpleShowLayout>
    </Show>
  );
}
