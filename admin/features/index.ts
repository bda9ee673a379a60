import type { ResourceProps } from 'react-admin';
import ToggleOnIcon from '@mui/icons-material/ToggleOn';
import { lazyScreen } from '../common/lazyScreen';
import { menuIcon } from '../common/menuIcon';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const FeatureCreate = lazyScreen(() => import('./FeatureCreate').then((m) => m.FeatureCreate));
const FeatureEdit = lazyScreen(() => import('./FeatureEdit').then((m) => m.FeatureEdit));
const FeatureList = lazyScreen(() => import('./FeatureList').then((m) => m.FeatureList));

/** Entitlements' catalog (issue 15): what apps gate on; each plan's values are set on the plan. */
export const features = {
  list: FeatureList,
  create: FeatureCreate,
  edit: FeatureEdit,
  icon: menuIcon(ToggleOnIcon, 'ToggleOnIcon'),
  recordRepresentation: 'name',
} satisfies Omit<ResourceProps, 'name'>;
