import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { CANCELLATION_FEEDBACK, CANCELLATION_FEEDBACK_LABELS, type CancellationFeedback } from '../../shared/pause';

export interface CancellationWhy {
  reason: CancellationFeedback | '';
  comment: string;
}

/** Why the customer leaves, in Stripe's cancellation_details terms; both optional. */
export function CancellationReasonInput({ value, onChange }: { value: CancellationWhy; onChange: (value: CancellationWhy) => void }) {
  return (
    <Stack spacing={2} sx={{ mt: 2, minWidth: 320 }}>
      <TextField
        select
        label="Reason (optional)"
        value={value.reason}
        onChange={(event) => onChange({ ...value, reason: event.target.value as CancellationFeedback | '' })}
        slotProps={{ htmlInput: { name: 'reason' } }}
      >
        <MenuItem value="">None given</MenuItem>
        {CANCELLATION_FEEDBACK.map((feedback) => (
          <MenuItem key={feedback} value={feedback}>
            {CANCELLATION_FEEDBACK_LABELS[feedback]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        label="Comment (optional)"
        multiline
        minRows={2}
        value={value.comment}
        onChange={(event) => onChange({ ...value, comment: event.target.value })}
        error={value.comment.length > 500}
        helperText={`${value.comment.length}/500`}
        slotProps={{ htmlInput: { name: 'comment', maxLength: 500 } }}
      />
    </Stack>
  );
}

/** The body's `reason` and `comment`, leaving out what was not given. */
export const whyOf = (value: CancellationWhy) => ({
  ...(value.reason ? { reason: value.reason } : {}),
  ...(value.comment.trim() ? { comment: value.comment.trim() } : {}),
});

/** A reason as the lists show it. */
export const reasonText = (reason: { feedback: CancellationFeedback | null; comment: string | null } | null | undefined): string =>
  reason
    ? [reason.feedback ? CANCELLATION_FEEDBACK_LABELS[reason.feedback] : null, reason.comment ? `“${reason.comment}”` : null].filter(Boolean).join(' — ')
    : '';
