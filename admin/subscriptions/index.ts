import type { ResourceProps } from 'react-admin';
import { SubscriptionList } from './SubscriptionList';

export const subscriptions = {
  list: SubscriptionList,
  recordRepresentation: 'stripeSubscriptionId',
} satisfies Omit<ResourceProps, 'name'>;
