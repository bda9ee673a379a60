import ReplayIcon from '@mui/icons-material/Replay';
import { useRecordContext } from 'react-admin';
import { ConfirmButton } from '../common/ConfirmButton';
import { useCanWrite } from '../common/permissions';
import { useAction } from '../common/useAction';
import { httpClient } from '../providers/dataProvider';
import type { WebhookDelivery } from '../webhook-endpoints/types';

/**
 * Sends the delivery again, same message (same webhook-id). The button is off while the request
 * runs, and the server takes a delivery only once until it is sent, so a double click sends once.
 */
export function ReplayDeliveryButton() {
  const delivery = useRecordContext<WebhookDelivery>();
  const canWrite = useCanWrite();
  const { execute, running } = useAction(
    async (_provider, id: WebhookDelivery['id']) =>
      (await httpClient(`/api/webhook-deliveries/${encodeURIComponent(String(id))}/replay`, { method: 'POST', body: '{}' })).json as WebhookDelivery,
    { success: () => ({ message: 'Delivery queued to be sent again' }) },
  );
  if (!delivery || !canWrite) return null;
  return (
    <ConfirmButton
      label="Replay"
      icon={<ReplayIcon />}
      disabled={delivery.status === 'pending' || delivery.status === 'sending'}
      running={running}
      title={`Send ${delivery.eventType} again?`}
      content="The app receives the same message once more (same webhook-id)."
      onConfirm={() => execute(delivery.id)}
    />
  );
}
