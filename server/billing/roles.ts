import type { SessionUser } from '../auth/sessions';
import type { Role } from '../db/models/AdminUser';
import { ForbiddenError } from '../errors';

/**
 * requireAdmin already keeps viewers to reads; the owner-only areas (admin users, API keys) and
 * the audit log need a finer check, made in the service so every route through it is covered.
 */
export function requireRole(actor: SessionUser, roles: readonly Role[], what: string): void {
  if (!roles.includes(actor.role)) throw new ForbiddenError(`Only ${roles.join(' and ')} may ${what}`);
}
