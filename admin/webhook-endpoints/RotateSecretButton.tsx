import { useState } from 'react';
import KeyIcon from '@mui/icons-material/Key';
import { useRecordContext } from 'react-admin';
import { ConfirmButton } from '../common/ConfirmButton';
import { useAction } from '../common/useAction';
import { httpClient } from '../providers/dataProvider';
import { SecretDialog } from './SecretDialog';
import type { WebhookEndpoint } from './types';

/** A new secret, in force at once: the app must switch to it (the old one stops verifying). */
export function RotateSecretButton() {
  const endpoint = useRecordContext<WebhookEndpoint>();
  const [rotated, setRotated] = useState<WebhookEndpoint | null>(null);
  const { execute, running } = useAction(
    async (_provider, id: WebhookEndpoint['id']) =>
      (await httpClient(`/api/webhook-endpoints/${encodeURIComponent(String(id))}/rotate-secret`, { method: 'POST', body: '{}' })).json as WebhookEndpoint,
    { success: () => ({ message: 'New signing secret made' }), onDone: setRotated },
  );
  if (!endpoint) return null;
  return (
    <>
      <ConfirmButton
        label="Rotate secret"
        icon={<KeyIcon />}
        running={running}
        color="warning"
        title="Rotate the signing secret?"
        content="Deliveries are signed with the new secret from now on, retries included; the app must verify with it."
        onConfirm={() => execute(endpoint.id)}
      />
      {rotated?.secret && <SecretDialog url={rotated.url} secret={rotated.secret} onClose={() => setRotated(null)} />}
    </>
  );
}
