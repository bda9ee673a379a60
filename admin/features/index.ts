import type { ResourceProps } from 'react-admin';
import { FeatureCreate } from './FeatureCreate';
import { FeatureEdit } from './FeatureEdit';
import { FeatureList } from './FeatureList';

/** Entitlements' catalog (issue 15): what apps gate on; each plan's values are set on the plan. */
export const features = {
  list: FeatureList,
  create: FeatureCreate,
  edit: FeatureEdit,
  recordRepresentation: 'name',
} satisfies Omit<ResourceProps, 'name'>;
