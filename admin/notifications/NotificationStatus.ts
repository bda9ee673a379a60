import type { ChipColor } from '../common/StatusChip';
import type { NotificationStatus } from '../types';

export const NOTIFICATION_STATUS_COLORS: Readonly<Record<NotificationStatus, ChipColor>> = {
  queued: 'info',
  sending: 'info',
  sent: 'success',
  stored: 'default',
  failed: 'error',
  skipped: 'warning',
};
