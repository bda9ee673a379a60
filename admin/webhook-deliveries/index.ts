import type { ResourceProps } from 'react-admin';
import { DeliveryList } from './DeliveryList';
import { DeliveryShow } from './DeliveryShow';

export const webhookDeliveries = {
  list: DeliveryList,
  show: DeliveryShow,
  recordRepresentation: 'eventType',
} satisfies Omit<ResourceProps, 'name'>;
