import type { ResourceProps } from 'react-admin';
import LocalOfferIcon from '@mui/icons-material/LocalOffer';
import { lazyScreen } from '../common/lazyScreen';
import { menuIcon } from '../common/menuIcon';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const CouponCreate = lazyScreen(() => import('./CouponCreate').then((m) => m.CouponCreate));
const CouponList = lazyScreen(() => import('./CouponList').then((m) => m.CouponList));

export const coupons = {
  list: CouponList,
  create: CouponCreate,
  icon: menuIcon(LocalOfferIcon, 'LocalOfferIcon'),
  recordRepresentation: 'name',
} satisfies Omit<ResourceProps, 'name'>;
