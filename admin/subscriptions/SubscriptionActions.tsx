import { useState } from 'react';
import CancelIcon from '@mui/icons-material/Cancel';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import MoreTimeIcon from '@mui/icons-material/MoreTime';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { useRecordContext } from 'react-admin';
import TextField from '@mui/material/TextField';
import { ConfirmButton } from '../common/ConfirmButton';
import { useAction } from '../common/useAction';
import type { Subscription } from '../types';
import { CancellationReasonInput, whyOf, type CancellationWhy } from './CancellationReasonInput';
import { PauseButtons } from './PauseButtons';
import { isEnded } from '../../shared/subscriptionStatus';

function useSubscriptionAction<Args extends unknown[]>(run: Parameters<typeof useAction<Args, Subscription>>[0], message: string) {
  return useAction(run, { success: (result: Subscription) => ({ message: `${message}; status ${result.status}` }) });
}

/** Cancel now, cancel at period end, resume a scheduled cancellation, or extend by free days. */
export function SubscriptionActions() {
  const subscription = useRecordContext<Subscription>();
  const [days, setDays] = useState('7');
  const [why, setWhy] = useState<CancellationWhy>({ reason: '', comment: '' });
  const cancelNow = useSubscriptionAction((p, id: Subscription['id']) => p.cancelSubscription(id, false, whyOf(why)), 'Canceled');
  const cancelLater = useSubscriptionAction((p, id: Subscription['id']) => p.cancelSubscription(id, true, whyOf(why)), 'Cancels at period end');
  const resume = useSubscriptionAction((p, id: Subscription['id']) => p.resumeSubscription(id), 'Resumed');
  const extend = useSubscriptionAction((p, id: Subscription['id'], n: number) => p.extendSubscription(id, n), 'Extended');
  if (!subscription || isEnded(subscription.status)) return null;
  const dayCount = Number(days);
  const validDays = Number.isInteger(dayCount) && dayCount >= 1 && dayCount <= 365;
  return (
    <>
      {/* Keyed: Resume and Cancel at period end share a place, and must not share an open dialog. */}
      {subscription.cancelAtPeriodEnd ? (
        <ConfirmButton
          key="resume"
          label="Resume"
          icon={<PlayArrowIcon />}
          running={resume.running}
          title="Resume this subscription?"
          content="The scheduled cancellation is withdrawn and the subscription renews as usual."
          onConfirm={() => resume.execute(subscription.id)}
        />
      ) : (
        <ConfirmButton
          key="cancel-at-period-end"
          label="Cancel at period end"
          icon={<EventBusyIcon />}
          running={cancelLater.running}
          title="Cancel at the end of the period?"
          content={
            <>
              The customer keeps access until the period ends; nothing renews after.
              <CancellationReasonInput value={why} onChange={setWhy} />
            </>
          }
          onConfirm={() => cancelLater.execute(subscription.id)}
        />
      )}
      <ConfirmButton
        label="Cancel now"
        icon={<CancelIcon />}
        color="warning"
        running={cancelNow.running}
        title="Cancel this subscription now?"
        content={
          <>
            The subscription ends immediately, without a refund. This cannot be undone.
            <CancellationReasonInput value={why} onChange={setWhy} />
          </>
        }
        onConfirm={() => cancelNow.execute(subscription.id)}
      />
      <PauseButtons />
      <ConfirmButton
        label="Extend"
        icon={<MoreTimeIcon />}
        running={extend.running}
        title="Extend by free days"
        content={
          <TextField
            label="Days"
            type="number"
            value={days}
            onChange={(event) => setDays(event.target.value)}
            error={!validDays}
            helperText={validDays ? 'The next charge moves back by this many days.' : 'Between 1 and 365'}
            slotProps={{ htmlInput: { min: 1, max: 365, name: 'days' } }}
          />
        }
        onConfirm={async () => {
          if (validDays) await extend.execute(subscription.id, dayCount);
        }}
      />
    </>
  );
}
