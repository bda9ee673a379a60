import { useEffect, useState } from 'react';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import { Button, useDataProvider, useGetList, useRecordContext } from 'react-admin';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useAction } from '../common/useAction';
import type { RecurDataProvider } from '../providers/dataProvider';
import { formatPrice } from '../../shared/money';
import type { ChangePreview, Plan, Subscription } from '../types';
import { PreviewLines, type PreviewState } from './PreviewLines';

/** Loads Stripe's proration preview for the chosen plan; a newer choice discards an older answer. */
function usePreview(subscriptionId: Subscription['id'] | undefined, planId: string): PreviewState {
  const dataProvider = useDataProvider<RecurDataProvider>();
  const [state, setState] = useState<PreviewState>({ status: 'idle' });
  useEffect(() => {
    if (!planId || subscriptionId === undefined) return setState({ status: 'idle' });
    let current = true;
    setState({ status: 'loading' });
    dataProvider.previewPlanChange(subscriptionId, planId).then(
      (preview) => current && setState({ status: 'ready', preview }),
      (error: unknown) => current && setState({ status: 'error', message: error instanceof Error ? error.message : 'No preview' }),
    );
    return () => {
      current = false;
    };
  }, [dataProvider, subscriptionId, planId]);
  return state;
}

/**
 * Change plan: pick a plan, see what Stripe would charge now (prorated), then confirm. The change
 * is sent with the preview's proration date, so the charge is the amount that was shown.
 */
export function ChangePlanButton() {
  const subscription = useRecordContext<Subscription>();
  const [open, setOpen] = useState(false);
  const [planId, setPlanId] = useState('');
  const { data: plans = [] } = useGetList<Plan>(
    'plans',
    { filter: { active: true }, sort: { field: 'name', order: 'ASC' }, pagination: { page: 1, perPage: 100 } },
    { enabled: open },
  );
  const preview = usePreview(open ? subscription?.id : undefined, planId);
  const { execute, running } = useAction(
    // The dialog showed the preview, its interval-change notice included: confirming it confirms that too.
    (provider, id: Subscription['id'], ready: ChangePreview) => provider.changePlan(id, ready.planId, ready.prorationDate, ready.intervalChange !== null),
    { success: () => ({ message: 'Plan changed' }), onDone: () => setOpen(false) },
  );
  if (!subscription) return null;
  const choices = plans.filter((plan) => String(plan.id) !== String(subscription.planId));
  return (
    <>
      <Button
        label="Change plan"
        onClick={() => {
          setPlanId('');
          setOpen(true);
        }}
      >
        <SwapHorizIcon />
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm" aria-labelledby="change-plan-title">
        <DialogTitle id="change-plan-title">Change plan</DialogTitle>
        <DialogContent>
          <TextField
            select
            fullWidth
            margin="dense"
            label="New plan"
            value={planId}
            onChange={(event) => setPlanId(event.target.value)}
            slotProps={{ htmlInput: { name: 'planId', 'data-testid': 'change-plan-select' } }}
          >
            {choices.map((plan) => (
              <MenuItem key={plan.id} value={String(plan.id)}>
                {plan.name} — {formatPrice(plan.amount, plan.currency, plan.interval, plan.intervalCount)}
              </MenuItem>
            ))}
          </TextField>
          <PreviewLines state={preview} />
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={() => setOpen(false)} />
          <Button
            label={preview.status === 'ready' && preview.preview.intervalChange ? 'Confirm change and new billing date' : 'Confirm change'}
            variant="contained"
            disabled={preview.status !== 'ready' || running}
            onClick={() => preview.status === 'ready' && execute(subscription.id, preview.preview)}
          />
        </DialogActions>
      </Dialog>
    </>
  );
}
