import type { ResourceProps } from 'react-admin';
import { WebhookEndpointCreate } from './WebhookEndpointCreate';
import { WebhookEndpointEdit } from './WebhookEndpointEdit';
import { WebhookEndpointList } from './WebhookEndpointList';
import { WebhookEndpointShow } from './WebhookEndpointShow';

export const webhookEndpoints = {
  list: WebhookEndpointList,
  show: WebhookEndpointShow,
  create: WebhookEndpointCreate,
  edit: WebhookEndpointEdit,
  recordRepresentation: 'url',
} satisfies Omit<ResourceProps, 'name'>;
