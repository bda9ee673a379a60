import type { ResourceProps } from 'react-admin';
import { AdminUserCreate } from './AdminUserCreate';
import { AdminUserEdit } from './AdminUserEdit';
import { AdminUserList } from './AdminUserList';

export const adminUsers = {
  list: AdminUserList,
  create: AdminUserCreate,
  edit: AdminUserEdit,
  recordRepresentation: 'email',
} satisfies Omit<ResourceProps, 'name'>;
