import type { ResourceProps } from 'react-admin';
import { CustomerList } from './CustomerList';
import { CustomerShow } from './CustomerShow';

export const customers = {
  list: CustomerList,
  show: CustomerShow,
  // Reference fields elsewhere (subscriptions, payments) show the customer by e-mail.
  recordRepresentation: 'email',
} satisfies Omit<ResourceProps, 'name'>;
