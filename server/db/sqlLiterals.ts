import { INTERVALS, MONTHS_PER_INTERVAL } from '../../shared/money';

/**
 * `('a', 'b')`: a list of constants written into SQL text, so that a status list or a factor in a
 * statement is the same one TypeScript decides with. Only for values from code, never from a request.
 */
export function quotedList(values: readonly string[]): string {
  return `(${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')})`;
}

/** A number as a SQL decimal literal: `1.0`, not `1`, which SQLite would divide by as an integer (1 / 2 = 0). */
const decimal = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : String(n));

/**
 * The SQL twin of shared/money's monthlyRate (unrounded, like it): `amount` over the interval's
 * length in months times its count, from the same MONTHS_PER_INTERVAL table. An interval outside
 * the table gives NULL, which sums as nothing, as monthlyRate cannot be called with one.
 */
export function monthlyRateSql(amount: string, interval: string, intervalCount: string): string {
  const months = INTERVALS.map((name) => `WHEN '${name}' THEN ${decimal(MONTHS_PER_INTERVAL[name])}`).join(' ');
  return `(${amount} / (CASE ${interval} ${months} END * ${intervalCount}))`;
}
