import type { ResourceProps } from 'react-admin';
import StorefrontIcon from '@mui/icons-material/Storefront';
import { lazyScreen } from '../common/lazyScreen';
import { menuIcon } from '../common/menuIcon';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const PlanList = lazyScreen(() => import('./PlanList').then((m) => m.PlanList));
const PlanCreate = lazyScreen(() => import('./PlanCreate').then((m) => m.PlanCreate));
const PlanEdit = lazyScreen(() => import('./PlanEdit').then((m) => m.PlanEdit));

export const plans = {
  list: PlanList,
  create: PlanCreate,
  edit: PlanEdit,
  icon: menuIcon(StorefrontIcon, 'StorefrontIcon'),
  recordRepresentation: 'name',
} satisfies Omit<ResourceProps, 'name'>;
