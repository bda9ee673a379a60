import type { ResourceProps } from 'react-admin';
import { PlanList } from './PlanList';

export const plans = {
  list: PlanList,
  recordRepresentation: 'name',
} satisfies Omit<ResourceProps, 'name'>;
