import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney } from '../../shared/money';
import { StatCard } from './StatCard';
import { CHART_HEIGHT, moneyTick, useChartColors } from './chartTheme';
import { useStats } from './useStats';

/** MRR at each month's end (list prices; see server/billing/stats.ts), with ARR in the tooltip. */
export function MrrChart({ currency }: { currency: string }) {
  const { data = [] } = useStats('mrr');
  const colors = useChartColors();
  const points = data.filter((point) => point.currency === currency).map((point) => ({ ...point, arr: point.mrr * 12 }));
  return (
    <StatCard title={`MRR over time (${currency.toUpperCase()})`} testId="chart-mrr">
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <AreaChart data={points}>
          <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
          <XAxis dataKey="month" stroke={colors.text} />
          <YAxis stroke={colors.text} tickFormatter={moneyTick(currency)} width={80} />
          <Tooltip formatter={(value, name) => [formatMoney(Number(value), currency), name === 'mrr' ? 'MRR' : 'ARR']} />
          <Area isAnimationActive={false} type="monotone" dataKey="mrr" stroke={colors.primary} fill={colors.primary} fillOpacity={0.2} />
        </AreaChart>
      </ResponsiveContainer>
    </StatCard>
  );
}
