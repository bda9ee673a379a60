import type { ResourceProps } from 'react-admin';
import { PlanCreate } from './PlanCreate';
import { PlanEdit } from './PlanEdit';
import { PlanList } from './PlanList';

export const plans = {
  list: PlanList,
  create: PlanCreate,
  edit: PlanEdit,
  recordRepresentation: 'name',
} satisfies Omit<ResourceProps, 'name'>;
