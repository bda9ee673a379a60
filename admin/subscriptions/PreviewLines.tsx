import Alert from '@mui/material/Alert';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { intervalChangeNotice } from '../../shared/actions';
import { formatMoney } from '../../shared/money';
import type { PreviewState } from './ChangePlanButton';

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
