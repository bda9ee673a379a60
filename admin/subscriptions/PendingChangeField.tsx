import { Button, useGetMany, useRecordContext } from 'react-admin';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useAction } from '../common/useAction';
import { useCanWrite } from '../common/permissions';
import type { Plan, Subscription } from '../types';

/** The change waiting for the period's end (a Stripe subscription schedule), with a way to drop it. */
export function PendingChangeField() {
  const subscription = useRecordContext<Subscription>();
  const canWrite = useCanWrite();
  const ids = (subscription?.pendingChange?.items ?? []).map((item) => item.planId).filter((id): id is number => id !== null);
  const { data: plans = [] } = useGetMany<Plan>('plans', { ids }, { enabled: ids.length > 0 });
  const { execute, running } = useAction((provider, id: Subscription['id']) => provider.cancelPendingChange(id), {
    success: () => ({ message: 'Scheduled change canceled' }),
  });
  const pending = subscription?.pendingChange;
  if (!subscription || !pending) return <Typography variant="body2">—</Typography>;
  const names = pending.items.map((item) => {
    const name = plans.find((plan) => Number(plan.id) === item.planId)?.name ?? item.stripePriceId;
    return item.quantity > 1 ? `${name} × ${item.quantity}` : name;
  });
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }} data-testid="pending-change">
      <Typography variant="body2">
        From {new Date(pending.effectiveAt).toLocaleDateString()}: {names.join(', ')}
      </Typography>
      {canWrite && (
        <Button label="Cancel scheduled change" disabled={running} onClick={() => execute(subscription.id)}>
          <EventBusyIcon />
        </Button>
      )}
    </Stack>
  );
}
