import type { ResourceProps } from 'react-admin';
import ConfirmationNumberIcon from '@mui/icons-material/ConfirmationNumber';
import { lazyScreen } from '../common/lazyScreen';
import { menuIcon } from '../common/menuIcon';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const PromotionCodeCreate = lazyScreen(() => import('./PromotionCodeCreate').then((m) => m.PromotionCodeCreate));
const PromotionCodeList = lazyScreen(() => import('./PromotionCodeList').then((m) => m.PromotionCodeList));

export const promotionCodes = {
  list: PromotionCodeList,
  create: PromotionCodeCreate,
  icon: menuIcon(ConfirmationNumberIcon, 'ConfirmationNumberIcon'),
  recordRepresentation: 'code',
} satisfies Omit<ResourceProps, 'name'>;
