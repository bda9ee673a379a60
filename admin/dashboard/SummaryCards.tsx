import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { formatMoney } from '../../shared/money';
import type { CurrencyAmount, StatsSummary } from '../types';
import { StatCard } from './StatCard';

function amounts(values: CurrencyAmount[]): string {
  return values.length ? values.map((v) => formatMoney(v.amount, v.currency)).join(' · ') : formatMoney(0, 'usd');
}

function Figure({ title, value, testId }: { title: string; value: string; testId: string }) {
  return (
    <Grid size={{ xs: 12, sm: 6, md: 3 }}>
      <StatCard title={title} testId={testId}>
        <Typography variant="h5">{value}</Typography>
      </StatCard>
    </Grid>
  );
}

/** The headline figures: run-rate now, money in, live subscriptions, churn. */
export function SummaryCards({ summary }: { summary: StatsSummary }) {
  const live = (summary.subscriptions.active ?? 0) + (summary.subscriptions.past_due ?? 0) + (summary.subscriptions.trialing ?? 0);
  return (
    <>
      <Figure title="MRR" value={amounts(summary.mrr)} testId="stat-mrr" />
      <Figure title="ARR" value={amounts(summary.arr)} testId="stat-arr" />
      <Figure title="Collected, last 30 days" value={amounts(summary.collected30d)} testId="stat-collected" />
      <Figure title="Live subscriptions" value={String(live)} testId="stat-live" />
      <Figure
        title="Churn, last 30 days"
        value={`${(summary.churn.rate * 100).toFixed(1)}% (${summary.churn.canceled30d} of ${summary.churn.activeAtStart})`}
        testId="stat-churn"
      />
      <Figure title="Past due" value={String(summary.subscriptions.past_due ?? 0)} testId="stat-past-due" />
      <Figure title="Paused (not in MRR)" value={String(summary.paused ?? 0)} testId="stat-paused" />
      <Figure title="Failed payments awaiting action" value={String(summary.failedAwaitingAction)} testId="stat-failed" />
      <Figure title="Awaiting customer authentication" value={String(summary.awaitingAuthentication)} testId="stat-authentication" />
    </>
  );
}
