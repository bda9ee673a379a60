import { usePermissions } from 'react-admin';
import type { Role } from '../types';

/**
 * Whether the signed-in user may act (not just look). The server refuses a viewer's writes with
 * 403 anyway; hiding the buttons keeps viewers from being offered what would only fail.
 */
export function useCanWrite(): boolean {
  const { permissions, isPending } = usePermissions<Role>();
  return !isPending && (permissions === 'owner' || permissions === 'admin');
}

export function useIsOwner(): boolean {
  const { permissions } = usePermissions<Role>();
  return permissions === 'owner';
}
