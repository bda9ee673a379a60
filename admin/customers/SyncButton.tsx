import { useState } from 'react';
import SyncIcon from '@mui/icons-material/Sync';
import Typography from '@mui/material/Typography';
import { ConfirmButton } from '../common/ConfirmButton';
import { useCanWrite } from '../common/permissions';
import { useAction } from '../common/useAction';
import type { SyncReport } from '../types';

export function driftSummary(report: SyncReport): string {
  const { customers, subscriptions, invoices } = report.checked;
  const failed = report.errors.length
    ? `; ${report.errors.length} could not be applied (the alert e-mail to admins lists them; the next sync tries again)`
    : '';
  return `Checked ${customers} customers, ${subscriptions} subscriptions, ${invoices} invoices: ${report.created} created, ${report.updated} updated from Stripe${failed}`;
}

/** POST /api/sync: Stripe's state applied as the truth, and what differed shown next to the button. */
export function SyncButton() {
  const canWrite = useCanWrite();
  const [report, setReport] = useState<SyncReport | null>(null);
  const { execute, running } = useAction((provider) => provider.syncWithStripe(), {
    success: (result) => ({ message: driftSummary(result), type: result.drift.length || result.errors.length ? 'warning' : 'success' }),
    onDone: setReport,
  });
  if (!canWrite) return null;
  return (
    <>
      {report && (
        <Typography variant="body2" sx={{ alignSelf: 'center', mr: 1 }} data-testid="sync-report">
          {report.drift.length ? `${report.created} created, ${report.updated} updated` : 'In sync with Stripe'}
        </Typography>
      )}
      <ConfirmButton
        label="Sync with Stripe"
        icon={<SyncIcon />}
        running={running}
        title="Sync with Stripe?"
        content="Reads customers, subscriptions and invoices from Stripe and applies them over what Recur holds. Nothing only in Recur is deleted."
        confirmLabel="Sync"
        onConfirm={() => execute()}
      />
    </>
  );
}
