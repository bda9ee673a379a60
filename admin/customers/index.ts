import type { ResourceProps } from 'react-admin';
import { CustomerList } from './CustomerList';

export const customers = {
  list: CustomerList,
  // Reference fields elsewhere (subscriptions, payments) show the customer by e-mail.
  recordRepresentation: 'email',
} satisfies Omit<ResourceProps, 'name'>;
