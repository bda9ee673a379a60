import type { ChipColor } from '../common/StatusChip';
import type { SubscriptionStatus } from '../types';

export const SUBSCRIPTION_STATUS_COLORS: Readonly<Record<SubscriptionStatus, ChipColor>> = {
  trialing: 'info',
  active: 'success',
  past_due: 'warning',
  unpaid: 'error',
  canceled: 'default',
  incomplete: 'warning',
  incomplete_expired: 'default',
  paused: 'secondary',
};

export const SUBSCRIPTION_STATUSES = Object.keys(SUBSCRIPTION_STATUS_COLORS) as SubscriptionStatus[];
