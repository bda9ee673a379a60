import { useState } from 'react';
import { Create, useRedirect } from 'react-admin';
import { EndpointForm } from './EndpointForm';
import { SecretDialog } from './SecretDialog';
import type { WebhookEndpoint } from './types';

/** Creates the endpoint, shows its signing secret once, then opens the endpoint. */
export function WebhookEndpointCreate() {
  const redirect = useRedirect();
  const [created, setCreated] = useState<WebhookEndpoint | null>(null);
  return (
    <>
      <Create<WebhookEndpoint> mutationOptions={{ onSuccess: (endpoint) => setCreated(endpoint) }}>
        <EndpointForm creating />
      </Create>
      {created?.secret && <SecretDialog url={created.url} secret={created.secret} onClose={() => redirect('show', 'webhook-endpoints', created.id)} />}
    </>
  );
}
