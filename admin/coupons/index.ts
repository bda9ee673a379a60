import type { ResourceProps } from 'react-admin';
import { CouponCreate } from './CouponCreate';
import { CouponList } from './CouponList';

export const coupons = {
  list: CouponList,
  create: CouponCreate,
  recordRepresentation: 'name',
} satisfies Omit<ResourceProps, 'name'>;
