import type { ResourceProps } from 'react-admin';
import AdminPanelSettingsIcon from '@mui/icons-material/AdminPanelSettings';
import { lazyScreen } from '../common/lazyScreen';
import { menuIcon } from '../common/menuIcon';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const AdminUserCreate = lazyScreen(() => import('./AdminUserCreate').then((m) => m.AdminUserCreate));
const AdminUserEdit = lazyScreen(() => import('./AdminUserEdit').then((m) => m.AdminUserEdit));
const AdminUserList = lazyScreen(() => import('./AdminUserList').then((m) => m.AdminUserList));

export const adminUsers = {
  list: AdminUserList,
  create: AdminUserCreate,
  edit: AdminUserEdit,
  icon: menuIcon(AdminPanelSettingsIcon, 'AdminPanelSettingsIcon'),
  recordRepresentation: 'email',
} satisfies Omit<ResourceProps, 'name'>;
