// Issue 17: the lists' read pool on SQLite (server/db/readPool.ts). SQLite runs one statement at a
// time per connection; a read that takes seconds (a list's anchors walk) must not hold up the
// pages asked for meanwhile, which would otherwise queue behind it on its connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sequelize } from 'sequelize';
import { readerFor, type Reader } from '../../server/db/readPool';

let dir: string;
let sequelize: Sequelize;
let reader: Reader;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recur-read-pool-'));
  sequelize = new Sequelize({ dialect: 'sqlite', storage: join(dir, 'pool.sqlite'), logging: false });
  await sequelize.query('PRAGMA journal_mode=WAL');
  await sequelize.query('CREATE TABLE pages (id INTEGER PRIMARY KEY, label TEXT)');
  await sequelize.query(`INSERT INTO pages (label) VALUES ${Array.from({ length: 50 }, (_, i) => `('page ${i}')`).join(', ')}`);
  reader = await readerFor(sequelize);
});
afterAll(async () => {
  await sequelize.close();
  rmSync(dir, { recursive: true, force: true });
});

// Counting to a few million in a recursive CTE: a read of about a second, as a walk over a million rows is.
const LONG = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) SELECT COUNT(*) AS n FROM c';

describe('the SQLite read pool', () => {
  it('answers every page asked for during a long read before the long read ends', async () => {
    const finished: string[] = [];
    const long = reader.selectLong<{ n: number }>(LONG, [4_000_000]).then((rows) => {
      finished.push('long');
      return rows;
    });
    const pages = Array.from({ length: 24 }, (_, i) =>
      reader.select<{ id: number; label: string }>('SELECT id, label FROM pages WHERE id = ?', [i + 1]).then((rows) => {
        finished.push(`page ${i}`);
        return rows;
      }),
    );
    const answers = await Promise.all(pages);
    expect(answers.map((rows) => rows[0]?.label)).toEqual(Array.from({ length: 24 }, (_, i) => `page ${i}`));
    expect((await long)[0]?.n).toBe(4_000_000);
    // Every page came back while the long read was still running.
    expect(finished.indexOf('long')).toBe(24);
  });
});
