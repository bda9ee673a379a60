import type { ResourceProps } from 'react-admin';
import { EventList } from './EventList';
import { EventShow } from './EventShow';

export const events = {
  list: EventList,
  show: EventShow,
  recordRepresentation: 'type',
} satisfies Omit<ResourceProps, 'name'>;
