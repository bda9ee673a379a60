// The seeded SQLite files the list benches share: built once by SQLite itself (each statement an
// INSERT ... SELECT in its own transaction) on the real schema, cached in the temp directory
// under a name that changes with the migrations and the seed, so a stale file is never reused.
import sqlite3 from 'sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrations } from '../server/db/migrations';
import { migrate } from '../server/db/migrate';
import { initModels } from '../server/db/models';
import { openDatabase } from '../server/db/sequelize';

export interface SeededDatabase {
  url: string;
  seededNow: boolean;
  seedSeconds: number;
}

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
}

/** `name` and `version` key the cache (say `list`, 3); `statements` fill the tables. */
export async function cachedSeed(name: string, version: number, statements: readonly string[], fresh = false): Promise<SeededDatabase> {
  const key = createHash('sha256')
    .update(`${migrations.map((m) => m.name).join(',')}#${name}${version}`)
    .digest('hex')
    .slice(0, 12);
  const file = join(tmpdir(), `recur-bench-${name}-${key}`, 'recur.sqlite');
  const dir = join(file, '..');
  if (fresh) rmSync(dir, { recursive: true, force: true });
  if (existsSync(file)) return { url: `sqlite:${file}`, seededNow: false, seedSeconds: 0 };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const partial = `${file}.partial`;
  const database = await openDatabase(`sqlite:${partial}`);
  initModels(database.sequelize);
  await migrate(database.sequelize); // the real schema, indexes and count triggers
  await database.close();

  const raw = new sqlite3.Database(partial);
  await exec(raw, 'PRAGMA synchronous=OFF; PRAGMA cache_size=-512000; PRAGMA temp_store=MEMORY;');
  for (const statement of statements) await exec(raw, `BEGIN; ${statement}; COMMIT;`);
  await exec(raw, 'PRAGMA wal_checkpoint(TRUNCATE);');
  await new Promise<void>((resolve, reject) => raw.close((error) => (error ? reject(error) : resolve())));
  // Renamed only when complete: an interrupted seed is never taken for a cached one.
  renameSync(partial, file);
  return { url: `sqlite:${file}`, seededNow: true, seedSeconds: (Date.now() - started) / 1000 };
}

/** The session cookie of the bench's admin (bench/server.ts starts Recur with these credentials). */
export async function benchAdminCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
  return (login.headers.get('set-cookie') ?? '').split(';')[0]!;
}
