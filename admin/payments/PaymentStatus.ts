import type { ChipColor } from '../common/StatusChip';
import type { PaymentStatus } from '../types';

export const PAYMENT_STATUS_COLORS: Readonly<Record<PaymentStatus, ChipColor>> = {
  succeeded: 'success',
  failed: 'error',
  requires_action: 'info',
  refunded: 'default',
  partially_refunded: 'warning',
};

export const PAYMENT_STATUSES = Object.keys(PAYMENT_STATUS_COLORS) as PaymentStatus[];
