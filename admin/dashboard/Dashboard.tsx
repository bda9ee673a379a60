import { lazy, Suspense } from 'react';
import { Title } from 'react-admin';
import CircularProgress from '@mui/material/CircularProgress';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { FailedPaymentsCard } from './FailedPaymentsCard';
import { SummaryCards } from './SummaryCards';
import { useStats } from './useStats';

// recharts is most of the dashboard's weight and no other page needs it: its own chunk, fetched
// when the dashboard first renders, so the lists open without waiting for it.
const Charts = lazy(() => import('./Charts'));

export function Dashboard() {
  const { data: summary, error } = useStats('summary');
  const currency = summary?.mrr[0]?.currency ?? summary?.collected30d[0]?.currency ?? 'usd';
  return (
    <Grid container spacing={2} sx={{ mt: 1 }} data-testid="dashboard">
      <Title title="Dashboard" />
      {error && <Typography color="error">{error}</Typography>}
      {summary && <SummaryCards summary={summary} />}
      <Grid size={{ xs: 12, md: 4 }}>
        <FailedPaymentsCard />
      </Grid>
      <Suspense fallback={<CircularProgress aria-label="Loading the charts" />}>
        <Charts currency={currency} />
      </Suspense>
    </Grid>
  );
}
