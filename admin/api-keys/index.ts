import type { ResourceProps } from 'react-admin';
import KeyIcon from '@mui/icons-material/Key';
import { lazyScreen } from '../common/lazyScreen';
import { menuIcon } from '../common/menuIcon';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const ApiKeyCreate = lazyScreen(() => import('./ApiKeyCreate').then((m) => m.ApiKeyCreate));
const ApiKeyList = lazyScreen(() => import('./ApiKeyList').then((m) => m.ApiKeyList));

export const apiKeys = {
  list: ApiKeyList,
  create: ApiKeyCreate,
  icon: menuIcon(KeyIcon, 'KeyIcon'),
  recordRepresentation: 'name',
} satisfies Omit<ResourceProps, 'name'>;
