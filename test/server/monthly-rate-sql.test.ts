import { describe, expect, it } from 'vitest';
import { monthlyRateSql, quotedList } from '../../server/db/sqlLiterals';
import { sqlOutside } from '../../server/db/sql';
import { INTERVALS, monthlyRate } from '../../shared/money';
import { databaseForFile } from '../helpers/fileDatabase';

// The dashboard's MRR is summed in SQL, a customer's totals in TypeScript: both come from
// shared/money's MONTHS_PER_INTERVAL, so a price gives the same run-rate in either.
const database = databaseForFile();

describe('the SQL run-rate', () => {
  it('equals monthlyRate for every interval and count', async () => {
    const cases = INTERVALS.flatMap((interval) => [1, 2, 3, 6, 12].flatMap((count) => [1, 999, 1900, 123_457].map((amount) => ({ amount, interval, count }))));
    const values = cases.map(({ amount, interval, count }) => `(${amount}, '${interval}', ${count})`).join(', ');
    const rows = await sqlOutside(database().db).all<{ amount: number | string; interval: string; count: number | string; rate: number | string }>(
      `WITH s(amount, interval, count) AS (VALUES ${values})
       SELECT amount, interval, count, ${monthlyRateSql('s.amount', 's.interval', 's.count')} AS rate FROM s`,
    );
    expect(rows).toHaveLength(cases.length);
    for (const row of rows) {
      const expected = monthlyRate(Number(row.amount), row.interval as (typeof INTERVALS)[number], Number(row.count));
      expect(Number(row.rate), `${row.amount} per ${row.count} ${row.interval}`).toBeCloseTo(expected, 6);
    }
  });

  it('gives nothing (NULL) for an interval outside the table, as monthlyRate takes none', async () => {
    const [row] = await sqlOutside(database().db).all<{ rate: number | null }>(`SELECT ${monthlyRateSql('100', "'fortnight'", '1')} AS rate`);
    expect(row?.rate).toBeNull();
  });
});

describe('constant lists in SQL', () => {
  it('quotes each value, doubling a quote inside one', async () => {
    expect(quotedList(['active', 'past_due'])).toBe(`('active', 'past_due')`);
    const [row] = await sqlOutside(database().db).all<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM (SELECT 'it''s' AS v) t WHERE v IN ${quotedList(["it's", 'x'])}`,
    );
    expect(Number(row?.n)).toBe(1);
  });
});
