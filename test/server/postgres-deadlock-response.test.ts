import { Hono } from 'hono';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../server/http/onError';
import { createLogger } from '../../server/logger';
import { openDatabase, type Database } from '../../server/db/sequelize';
import { dropTestDatabase, testDatabaseUrl, testPostgresUrl } from '../helpers/database';

/**
 * PostgreSQL ends one transaction of a deadlock with SQLSTATE 40P01 and rolls all of it back
 * (postgresql.org/docs/current/explicit-locking.html#LOCKING-DEADLOCKS). A request whose
 * transaction was that victim changed nothing, and sent again it succeeds: its client gets a 503
 * saying so, with Retry-After, not a 500 "something went wrong". SQLite has one writer and no
 * deadlocks: this file runs in the PostgreSQL run only.
 */
describe.skipIf(!testPostgresUrl())('a request PostgreSQL rolls back to break a deadlock', () => {
  let url: string;
  let db: Database;
  let other: pg.Client;

  beforeAll(async () => {
    url = await testDatabaseUrl();
    db = await openDatabase(url);
    await db.sequelize.query('CREATE TABLE deadlock_rows (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
    await db.sequelize.query('INSERT INTO deadlock_rows VALUES (1, 0), (2, 0)');
    other = new pg.Client({ connectionString: url });
    await other.connect();
  });
  afterAll(async () => {
    await other.end();
    await db.close();
    await dropTestDatabase(url);
  });

  it('answers 503 with Retry-After, and keeps nothing of it', async () => {
    let otherHolds!: () => void;
    const otherHoldsRow2 = new Promise<void>((resolve) => (otherHolds = resolve));
    const app = new Hono();
    app.onError(errorHandler(createLogger('silent')));
    // The request updates row 1 then row 2; the other session holds row 2 and then wants row 1.
    app.post('/change', async (c) => {
      await db.sequelize.transaction(async (transaction) => {
        await db.sequelize.query('UPDATE deadlock_rows SET n = n + 1 WHERE id = 1', { transaction });
        await otherHoldsRow2;
        const theOtherWaits = other.query('UPDATE deadlock_rows SET n = n + 10 WHERE id = 1');
        // Let the other session queue on row 1 before this one asks for row 2.
        await new Promise((resolve) => setTimeout(resolve, 200));
        try {
          await db.sequelize.query('UPDATE deadlock_rows SET n = n + 1 WHERE id = 2', { transaction });
        } finally {
          void theOtherWaits.catch(() => undefined);
        }
      });
      return c.json({ ok: true });
    });

    // Only the request's session looks for the deadlock in time, so the request is the one ended.
    await other.query(`SET deadlock_timeout = '30s'`);
    await other.query('BEGIN');
    await other.query('UPDATE deadlock_rows SET n = n + 10 WHERE id = 2');
    const response = app.request('/change', { method: 'POST' });
    otherHolds();
    const answered = await response;
    await other.query('COMMIT');

    expect(answered.status).toBe(503);
    expect(answered.headers.get('retry-after')).toBe('1');
    expect(await answered.json()).toEqual({ message: 'The database was busy with another change and saved nothing of this one; send it again' });
    // The request's +1 on row 1 was rolled back; the other session's two changes stand.
    const rows = (await other.query('SELECT id, n FROM deadlock_rows ORDER BY id')).rows;
    expect(rows).toEqual([
      { id: 1, n: 10 },
      { id: 2, n: 10 },
    ]);
  });
});
