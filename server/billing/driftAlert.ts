import type { Database } from '../db/sequelize';
import { alertAdmins } from '../notify/alerts';
import type { ReconcileReport } from './reconcile';

/**
 * A reconciliation that changed anything means webhooks were missed or misapplied, and one that
 * could not apply something leaves Recur behind Stripe: the owners and admins hear of it by e-mail
 * (once an hour at most), beside the report the caller sees.
 */
export async function alertOnDrift(db: Database, baseUrl: string, report: ReconcileReport): Promise<boolean> {
  if (!report.drift.length && !report.errors.length) return false;
  // `drift` lists the first differences only; `driftFound` counts them all
  const found = Math.max(report.driftFound, report.drift.length);
  const lines = [
    `A reconciliation with Stripe found ${found} difference${found === 1 ? '' : 's'} (${report.created} created, ${report.updated} updated) and applied Stripe's state.`,
    ...report.drift.slice(0, 10).map((d) => `${d.object} ${d.stripeId} ${d.change}: ${Object.keys(d.fields).join(', ')}`),
    ...(found > 10 ? [`… and ${found - 10} more`] : []),
    ...(report.errors.length ? [`${report.errors.length} could not be applied (the next sync tries again):`] : []),
    ...report.errors.slice(0, 10).map((e) => `${e.object} ${e.stripeId ?? '(list)'}: ${e.message}`),
    ...(report.errors.length > 10 ? [`… and ${report.errors.length - 10} more`] : []),
  ];
  await alertAdmins(db, baseUrl, { kind: 'drift', title: 'Reconciliation found drift', details: lines.join('\n'), adminPath: '#/audit-logs' });
  return true;
}
