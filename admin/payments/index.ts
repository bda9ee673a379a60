import type { ResourceProps } from 'react-admin';
import { PaymentList } from './PaymentList';

export const payments = {
  list: PaymentList,
  recordRepresentation: 'stripePaymentIntentId',
} satisfies Omit<ResourceProps, 'name'>;
