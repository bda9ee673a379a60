import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../server/db/sequelize';
import { dropTestDatabase, testDatabaseUrl } from './database';

/**
 * For a test file that needs a database and no Recur: one of its own (testDatabaseUrl), opened
 * before the file's tests and dropped after them. The returned function gives the open database.
 */
export function databaseForFile(): () => { db: Database; url: string } {
  let opened: { db: Database; url: string } | undefined;
  beforeAll(async () => {
    const url = await testDatabaseUrl();
    opened = { db: await openDatabase(url), url };
  });
  afterAll(async () => {
    if (!opened) return;
    await opened.db.close();
    await dropTestDatabase(opened.url);
  });
  return () => {
    if (!opened) throw new Error('the database opens in beforeAll');
    return opened;
  };
}
