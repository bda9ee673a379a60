import { choicesOf } from '../common/choices';
import { ROLES } from '../../shared/adminUsers';

export const roleChoices = choicesOf(ROLES);
