import type { ResourceProps } from 'react-admin';
import { SubscriptionList } from './SubscriptionList';
import { SubscriptionShow } from './SubscriptionShow';

export const subscriptions = {
  list: SubscriptionList,
  show: SubscriptionShow,
  recordRepresentation: 'stripeSubscriptionId',
} satisfies Omit<ResourceProps, 'name'>;
