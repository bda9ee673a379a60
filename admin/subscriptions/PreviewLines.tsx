import Alert from '@mui/material/Alert';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { intervalChangeNotice } from '../../shared/actions';
import { formatMoney } from '../../shared/money';
import type { ChangePreview } from '../types';

/** Where a plan change's preview is: asked for, on its way, shown, or refused. */
export type PreviewState = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; preview: ChangePreview } | { status: 'error'; message: string };

/** The preview's amount due now (prorated) and the invoice lines it is made of. */
export function PreviewLines({ state }: { state: PreviewState }) {
  if (state.status === 'idle') return null;
  if (state.status === 'loading') return <CircularProgress size={24} sx={{ mt: 2 }} aria-label="Loading the preview" />;
  if (state.status === 'error') {
    return (
      <Typography color="error" sx={{ mt: 2 }} role="alert">
        {state.message}
      </Typography>
    );
  }
  const { preview } = state;
  return (
    <div data-testid="proration-preview">
      <Typography variant="h6" sx={{ mt: 2 }}>
        Due now: <span data-testid="amount-due">{formatMoney(preview.amountDue, preview.currency)}</span>
      </Typography>
      <ul>
        {preview.lines.map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: preview lines have no id, and a new preview replaces the whole list
          <li key={index}>
            {line.description ?? 'Line'}: {formatMoney(line.amount, preview.currency)}
          </li>
        ))}
      </ul>
      {preview.intervalChange ? (
        <Alert severity="warning" data-testid="interval-change">
          {intervalChangeNotice(preview.intervalChange)}
        </Alert>
      ) : null}
    </div>
  );
}
