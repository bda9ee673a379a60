import type { ResourceProps } from 'react-admin';
import SendIcon from '@mui/icons-material/Send';
import { lazyScreen } from '../common/lazyScreen';
import { menuIcon } from '../common/menuIcon';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const WebhookEndpointCreate = lazyScreen(() => import('./WebhookEndpointCreate').then((m) => m.WebhookEndpointCreate));
const WebhookEndpointEdit = lazyScreen(() => import('./WebhookEndpointEdit').then((m) => m.WebhookEndpointEdit));
const WebhookEndpointList = lazyScreen(() => import('./WebhookEndpointList').then((m) => m.WebhookEndpointList));
const WebhookEndpointShow = lazyScreen(() => import('./WebhookEndpointShow').then((m) => m.WebhookEndpointShow));

export const webhookEndpoints = {
  list: WebhookEndpointList,
  show: WebhookEndpointShow,
  create: WebhookEndpointCreate,
  edit: WebhookEndpointEdit,
  icon: menuIcon(SendIcon, 'SendIcon'),
  recordRepresentation: 'url',
} satisfies Omit<ResourceProps, 'name'>;
