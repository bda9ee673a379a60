import Grid from '@mui/material/Grid';
import { MrrChart } from './MrrChart';
import { PaymentsWeeklyChart } from './PaymentsWeeklyChart';
import { RevenueChart } from './RevenueChart';
import { SubscriptionsByPlanChart } from './SubscriptionsByPlanChart';
import { ChurnChart } from './ChurnChart';

// Animations are off: a billing dashboard is read, not watched, and screenshots must show the figures.
/** The lazy chunk's entry: every card that draws with recharts. Default export for React.lazy. */
export default function Charts({ currency }: { currency: string }) {
  return (
    <>
      <Grid size={{ xs: 12, md: 8 }}>
        <MrrChart currency={currency} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <RevenueChart currency={currency} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <PaymentsWeeklyChart />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <SubscriptionsByPlanChart />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <ChurnChart currency={currency} />
      </Grid>
    </>
  );
}
