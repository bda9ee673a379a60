import { Bar, BarChart, CartesianGrid, Legend, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import Stack from '@mui/material/Stack';
import { StatCard } from './StatCard';
import { CHART_HEIGHT, useChartColors } from './chartTheme';
import { useStats } from './useStats';

const TIER_COLORS: Record<string, string> = { silver: '#9e9e9e', gold: '#c9a227', platinum: '#5c6bc0' };

/** Live subscriptions per plan (by status) and per tier. */
export function SubscriptionsByPlanChart() {
  const { data } = useStats('subscriptions-by-plan');
  const colors = useChartColors();
  const tiers = (data?.tiers ?? []).map((tier) => ({ ...tier, fill: TIER_COLORS[tier.tier] ?? colors.primary }));
  return (
    <StatCard title="Live subscriptions by plan and tier" testId="chart-plans">
      <Stack direction="row">
        <ResponsiveContainer width="65%" height={CHART_HEIGHT}>
          <BarChart data={data?.plans ?? []} layout="vertical">
            <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
            <XAxis type="number" stroke={colors.text} allowDecimals={false} />
            <YAxis type="category" dataKey="plan" stroke={colors.text} width={110} />
            <Tooltip />
            <Legend />
            <Bar isAnimationActive={false} dataKey="active" stackId="s" fill={colors.success} />
            <Bar isAnimationActive={false} dataKey="trialing" stackId="s" fill={colors.primary} />
            <Bar isAnimationActive={false} dataKey="pastDue" name="past due" stackId="s" fill={colors.warning} />
          </BarChart>
        </ResponsiveContainer>
        <ResponsiveContainer width="35%" height={CHART_HEIGHT}>
          <PieChart>
            <Pie isAnimationActive={false} data={tiers} dataKey="subscriptions" nameKey="tier" outerRadius="70%" label />
            <Tooltip />
          </PieChart>
        </ResponsiveContainer>
      </Stack>
    </StatCard>
  );
}
