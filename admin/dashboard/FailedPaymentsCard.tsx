import { DateField, Link, RecordContextProvider } from 'react-admin';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { formatMoney } from '../../shared/money';
import { StatCard } from './StatCard';
import { useStats } from './useStats';

// The payments list filtered to failures: where the Retry buttons are.
const FAILED_PAYMENTS = `/payments?filter=${encodeURIComponent(JSON.stringify({ status: 'failed' }))}`;

/** Failed payments nobody has acted on (newest attempt of its invoice, not retried by hand). */
export function FailedPaymentsCard() {
  const { data, error } = useStats('failed-payments');
  return (
    <StatCard title="Failed payments awaiting action" testId="failed-payments-card">
      {error && <Typography color="error">{error}</Typography>}
      {data?.length === 0 && <Typography>None: every failure has been handled.</Typography>}
      <List dense disablePadding>
        {data?.map((payment) => (
          <ListItem key={payment.id} disableGutters>
            <ListItemText
              primary={`${payment.customerEmail ?? `customer ${payment.customerId}`} — ${formatMoney(payment.amount, payment.currency)}`}
              secondary={
                <RecordContextProvider value={payment}>
                  {payment.failureCode ?? 'declined'}, attempt {payment.attemptCount}; next automatic retry{' '}
                  <DateField source="nextRetryAt" showTime emptyText="none" />
                </RecordContextProvider>
              }
            />
          </ListItem>
        ))}
      </List>
      <Link to={FAILED_PAYMENTS}>Open the failed payments</Link>
    </StatCard>
  );
}
