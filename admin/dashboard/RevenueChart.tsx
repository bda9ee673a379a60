import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney } from '../../shared/money';
import { StatCard } from './StatCard';
import { CHART_HEIGHT, moneyTick, useChartColors } from './chartTheme';
import { useStats } from './useStats';

/** Money collected per month, net of refunds. */
export function RevenueChart({ currency }: { currency: string }) {
  const { data = [] } = useStats('revenue');
  const colors = useChartColors();
  const points = data.filter((point) => point.currency === currency);
  return (
    <StatCard title={`Revenue collected per month (${currency.toUpperCase()})`} testId="chart-revenue">
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={points}>
          <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
          <XAxis dataKey="month" stroke={colors.text} />
          <YAxis stroke={colors.text} tickFormatter={moneyTick(currency)} width={80} />
          <Tooltip formatter={(value) => [formatMoney(Number(value), currency), 'Collected']} />
          <Bar isAnimationActive={false} dataKey="amount" fill={colors.success} />
        </BarChart>
      </ResponsiveContainer>
    </StatCard>
  );
}
