import { describe, expect, it } from 'vitest';
import { readerFor } from '../../server/db/readPool';
import { numberedPlaceholders, sqlOutside } from '../../server/db/sql';
import { databaseForFile } from '../helpers/fileDatabase';

// Every raw statement is written with `?` (docs/architecture.md, "Raw SQL"). The read pool sends
// PostgreSQL numbered parameters instead; a `?` inside a string or a quoted name is text, not a value.
const database = databaseForFile();

describe('raw SQL placeholders', () => {
  it('numbers the ? outside quotes for PostgreSQL, and leaves those in strings and quoted names', () => {
    expect(numberedPlaceholders(`SELECT ? AS a, 'it''s ?' AS q, "b?" FROM t WHERE x IN (?, ?)`)).toBe(
      `SELECT $1 AS a, 'it''s ?' AS q, "b?" FROM t WHERE x IN ($2, $3)`,
    );
    expect(numberedPlaceholders('SELECT 1')).toBe('SELECT 1');
  });

  it('binds the same values in the same places through the read pool and through db/sql', async () => {
    const statement = `SELECT CAST(? AS text) AS a, 'it''s ?' AS q, CAST(? AS text) AS "b?", CAST(? AS integer) + 1 AS n`;
    const values = ['first', 'second', 41];
    const expected = { a: 'first', q: "it's ?", 'b?': 'second', n: 42 };
    const reader = await readerFor(database().db.sequelize);
    const [pooled] = await reader.select<Record<string, unknown>>(statement, values);
    const [plain] = await sqlOutside(database().db).all<Record<string, unknown>>(statement, values);
    expect({ ...pooled, n: Number(pooled?.n) }).toEqual(expected);
    expect({ ...plain, n: Number(plain?.n) }).toEqual(expected);
  });
});
