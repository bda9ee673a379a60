import type { AuditActor } from '../billing/audit';
import type { ApiKey } from '../db/models';

/** An app acting through an API key, as the audit log names it (no admin user behind it). */
export function apiKeyActor(key: Pick<ApiKey, 'name' | 'prefix'>): AuditActor {
  return { id: null, email: `API key ${key.name} (${key.prefix}…)` };
}
