import type { ResourceProps } from 'react-admin';
import { PromotionCodeCreate } from './PromotionCodeCreate';
import { PromotionCodeList } from './PromotionCodeList';

export const promotionCodes = {
  list: PromotionCodeList,
  create: PromotionCodeCreate,
  recordRepresentation: 'code',
} satisfies Omit<ResourceProps, 'name'>;
