import type { Customer } from '../db/models';
import type { AuditActor } from '../billing/audit';

/** A customer acting in the portal, as the audit log names them (no admin user behind it). */
export function customerActor(customer: Customer): AuditActor {
  return { id: null, email: `${customer.email} (customer ${customer.id}, portal)` };
}
