import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { StatCard } from './StatCard';
import { CHART_HEIGHT, useChartColors } from './chartTheme';
import { useStats } from './useStats';

/** Payment attempts per week: succeeded, failed, and sent back to the customer for authentication, stacked. */
export function PaymentsWeeklyChart() {
  const { data = [] } = useStats('payments-weekly');
  const colors = useChartColors();
  return (
    <StatCard title="Payments per week" testId="chart-payments-weekly">
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={data}>
          <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
          <XAxis dataKey="week" stroke={colors.text} />
          <YAxis stroke={colors.text} allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar isAnimationActive={false} dataKey="succeeded" stackId="a" fill={colors.success} />
          <Bar isAnimationActive={false} dataKey="failed" stackId="a" fill={colors.error} />
          <Bar isAnimationActive={false} dataKey="requiresAction" name="requires action" stackId="a" fill={colors.warning} />
        </BarChart>
      </ResponsiveContainer>
    </StatCard>
  );
}
