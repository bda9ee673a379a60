import { useState } from 'react';
import PauseCircleIcon from '@mui/icons-material/PauseCircle';
import PlayCircleIcon from '@mui/icons-material/PlayCircle';
import { useRecordContext } from 'react-admin';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { ConfirmButton } from '../common/ConfirmButton';
import { useAction } from '../common/useAction';
import { PAUSE_BEHAVIOR_LABELS, PAUSE_BEHAVIORS, type PauseBehavior } from '../../shared/pause';
import type { Subscription } from '../types';
import { isPausable } from '../../shared/subscriptionStatus';

/**
 * Pause payment collection (Stripe's pause_collection: the subscription stays active, its invoices
 * are voided, kept as drafts or marked uncollectible), optionally until a date; or unpause.
 */
export function PauseButtons() {
  const subscription = useRecordContext<Subscription>();
  const [behavior, setBehavior] = useState<PauseBehavior>('void');
  const [until, setUntil] = useState('');
  const pause = useAction((p, id: Subscription['id'], b: PauseBehavior, resumesAt?: string) => p.pauseSubscription(id, b, resumesAt), {
    success: () => ({ message: 'Payment collection paused' }),
  });
  const unpause = useAction((p, id: Subscription['id']) => p.unpauseSubscription(id), { success: () => ({ message: 'Payment collection resumed' }) });
  if (!subscription || !isPausable(subscription.status)) return null;
  // Keys: the two buttons sit in one place, and without them React would hand the Pause dialog's
  // open state to Unpause once the refresh shows the pause, leaving a confirmation to unpause open.
  if (subscription.pauseBehavior) {
    return (
      <ConfirmButton
        key="unpause"
        label="Unpause"
        icon={<PlayCircleIcon />}
        running={unpause.running}
        title="Resume payment collection?"
        content="Stripe charges the next renewal as usual. Invoices made while paused stay as they are."
        onConfirm={() => unpause.execute(subscription.id)}
      />
    );
  }
  const untilIso = until ? new Date(`${until}T00:00:00Z`).toISOString() : undefined;
  const validUntil = !untilIso || new Date(untilIso).getTime() > Date.now();
  return (
    <ConfirmButton
      key="pause"
      label="Pause"
      icon={<PauseCircleIcon />}
      running={pause.running}
      title="Pause payment collection"
      content={
        <Stack spacing={2} sx={{ mt: 1, minWidth: 320 }}>
          <TextField
            select
            label="Invoices while paused"
            value={behavior}
            onChange={(event) => setBehavior(event.target.value as PauseBehavior)}
            slotProps={{ htmlInput: { name: 'behavior' } }}
          >
            {PAUSE_BEHAVIORS.map((value) => (
              <MenuItem key={value} value={value}>
                {PAUSE_BEHAVIOR_LABELS[value]}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label="Resume on (optional)"
            type="date"
            value={until}
            onChange={(event) => setUntil(event.target.value)}
            error={!validUntil}
            helperText={validUntil ? 'Empty: paused until you unpause' : 'Must be in the future'}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { name: 'resumesAt' } }}
          />
        </Stack>
      }
      onConfirm={async () => {
        if (validUntil) await pause.execute(subscription.id, behavior, untilIso);
      }}
    />
  );
}
