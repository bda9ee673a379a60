import { Sequelize, type Transaction } from 'sequelize';
import { resolve } from 'node:path';
import { openRawSqlite, type RawSqlite } from './sqliteRaw';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  sequelize: Sequelize;
  dialect: Dialect;
  /**
   * Every write goes through here. On SQLite there is one writer, and Sequelize opens a fresh
   * connection per transaction, so concurrent transactions fail with SQLITE_BUSY: writes are
   * serialised through one in-process queue. PostgreSQL runs them concurrently.
   */
  write<T>(work: (t: Transaction) => Promise<T>): Promise<T>;
  /** Runs work in the write queue's turn without a Sequelize transaction (for the raw connection). */
  enqueue<T>(work: () => Promise<T>): Promise<T>;
  /** SQLite only: a plain connection for the hottest write path */
  raw: RawSqlite | null;
  close(): Promise<void>;
}

interface SqliteHandle {
  run(sql: string): unknown;
}
interface SqliteConnectionManager {
  getConnection(options?: object): Promise<SqliteHandle>;
}

function sqliteStorage(url: string): string {
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  return path === ':memory:' ? path : resolve(path);
}

/** synchronous=NORMAL and a busy timeout are per-connection settings; WAL is per file. */
function tuneSqliteConnections(sequelize: Sequelize): void {
  const manager = sequelize.connectionManager as unknown as SqliteConnectionManager;
  const open = manager.getConnection.bind(manager);
  const tuned = new WeakSet<SqliteHandle>();
  manager.getConnection = async (options) => {
    const connection = await open(options);
    if (!tuned.has(connection)) {
      tuned.add(connection);
      connection.run('PRAGMA synchronous=NORMAL');
      connection.run('PRAGMA busy_timeout=5000');
    }
    return connection;
  };
}

function serialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: () => Promise<T>): Promise<T> => {
    const run = tail.then(job, job);
    tail = run.catch(() => undefined);
    return run;
  };
}

export async function openDatabase(url: string): Promise<Database> {
  const dialect: Dialect = url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  const sequelize =
    dialect === 'sqlite'
      ? new Sequelize({ dialect: 'sqlite', storage: sqliteStorage(url), logging: false })
      : new Sequelize(url, { dialect: 'postgres', logging: false, pool: { max: 10 } });
  if (dialect === 'sqlite') {
    tuneSqliteConnections(sequelize);
    await sequelize.query('PRAGMA journal_mode=WAL');
  }
  await sequelize.authenticate();
  const enqueue = dialect === 'sqlite' ? serialQueue() : <T>(job: () => Promise<T>) => job();
  const storage = dialect === 'sqlite' ? sqliteStorage(url) : null;
  const raw = storage && storage !== ':memory:' ? await openRawSqlite(storage) : null;
  return {
    sequelize,
    dialect,
    write: (work) => enqueue(() => sequelize.transaction((t) => work(t))),
    enqueue,
    raw,
    close: async () => {
      await raw?.close();
      await sequelize.close();
    },
  };
}
