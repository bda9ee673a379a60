import type { SessionUser } from '../auth/sessions';
import type { Database } from '../db/sequelize';
import { audit } from './audit';
import type { ReconcileReport } from './reconcile';

export function recordSync(db: Database, actor: SessionUser, report: ReconcileReport): Promise<unknown> {
  return db.write((transaction) =>
    audit(
      actor,
      {
        action: 'stripe.sync',
        entityType: 'stripe',
        entityId: 'all',
        details: { checked: report.checked, created: report.created, updated: report.updated, errors: report.errors.length },
      },
      transaction,
    ),
  );
}
