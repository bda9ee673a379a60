import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { StatCard } from './StatCard';
import { CHART_HEIGHT, useChartColors } from './chartTheme';
import { useStats } from './useStats';

/** Cancellations per month against the subscriptions paying at the month's end. */
export function ChurnChart({ currency }: { currency: string }) {
  const { data = [] } = useStats('mrr');
  const colors = useChartColors();
  const points = data.filter((point) => point.currency === currency);
  return (
    <StatCard title="Churn: cancellations per month" testId="chart-churn">
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <ComposedChart data={points}>
          <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
          <XAxis dataKey="month" stroke={colors.text} />
          <YAxis yAxisId="left" stroke={colors.text} allowDecimals={false} />
          <YAxis yAxisId="right" orientation="right" stroke={colors.text} allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar isAnimationActive={false} yAxisId="left" dataKey="canceled" fill={colors.error} />
          <Line isAnimationActive={false} yAxisId="right" dataKey="subscriptions" name="paying" stroke={colors.primary} />
        </ComposedChart>
      </ResponsiveContainer>
    </StatCard>
  );
}
