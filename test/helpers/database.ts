import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { countStaged } from '../../server/stripe/inbox/staging';

/** A fresh SQLite file per test file: real SQLite, no shared state between files. */
export function tempSqliteUrl(): string {
  return `sqlite:${join(mkdtempSync(join(tmpdir(), 'recur-test-')), 'recur.sqlite')}`;
}

/**
 * The PostgreSQL server the tests run on, when this run is the PostgreSQL one (vitest.config.ts
 * clears TEST_DATABASE_URL for the SQLite project). Null: SQLite.
 */
export function testPostgresUrl(): string | null {
  return process.env.TEST_DATABASE_URL || null;
}

/** Databases the tests create are named after their creation time, so stale ones can be told apart. */
export const TEST_DATABASE_PREFIX = 'recur_t_';

async function withServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testPostgresUrl()! });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A database of its own for a test (or for the instances of one test that share it): a temp
 * SQLite file, or a fresh database on the PostgreSQL server of TEST_DATABASE_URL. Pair with
 * dropTestDatabase once everything connected to it is closed.
 */
export async function testDatabaseUrl(): Promise<string> {
  const server = testPostgresUrl();
  if (!server) return tempSqliteUrl();
  const name = `${TEST_DATABASE_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  await withServer((client) => client.query(`CREATE DATABASE ${name}`));
  return withDatabase(server, name);
}

/** Drops a database testDatabaseUrl created on PostgreSQL (a SQLite temp file is left to the OS). */
export async function dropTestDatabase(url: string): Promise<void> {
  if (!/^postgres(ql)?:/.test(url)) return;
  const name = new URL(url).pathname.slice(1);
  if (!name.startsWith(TEST_DATABASE_PREFIX)) throw new Error(`refusing to drop ${name}: not a test database`);
  await withServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Drops test databases left by runs that died before dropping theirs (older than `olderThanS`). */
export async function dropStaleTestDatabases(olderThanS: number): Promise<number> {
  return withServer(async (client) => {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE '${TEST_DATABASE_PREFIX}%'`);
    const cutoff = Date.now() / 1000 - olderThanS;
    const stale = rows.map((r) => r.datname).filter((name) => Number(name.slice(TEST_DATABASE_PREFIX.length).split('_')[0]) < cutoff);
    for (const name of stale) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    return stale.length;
  });
}

/**
 * Deliveries a server on this database acknowledged that are still staged outside stripe_events
 * (SQLite stages them in a file of its own until the apply thread moves them; PostgreSQL never).
 */
export async function stagedDeliveries(url: string): Promise<number> {
  if (!url.startsWith('sqlite:')) return 0;
  return countStaged(url.replace(/^sqlite:(\/\/)?/, ''));
}
