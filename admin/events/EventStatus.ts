import type { ChipColor } from '../common/StatusChip';
import type { EventStatus } from '../types';

export const EVENT_STATUS_COLORS: Readonly<Record<EventStatus, ChipColor>> = {
  pending: 'info',
  processed: 'success',
  failed: 'error',
  ignored: 'default',
};
