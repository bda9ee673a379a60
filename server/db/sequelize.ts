import { Sequelize, type Transaction } from 'sequelize';
import { resolve } from 'node:path';
import { openRawSqlite, type RawSqlite } from './sqliteRaw';
import { claimCounterShardsOnConnect } from './counterShards';

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
  /** SQLite only: the database file, for other threads to open their own connections to it */
  storage: string | null;
  /**
   * SQLite only: makes every queued write also take `gate`, for when another thread writes to the
   * same file (the webhook apply thread) and one writer must hold across threads too.
   */
  guardWrites(gate: WriteGate): void;
  /**
   * Work that must not run in two instances at once (migrating and seeding at start-up). On
   * PostgreSQL a lock held by a transaction of its own while `work` runs on other connections;
   * on SQLite one process owns the file, and the work simply runs.
   */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * PostgreSQL: holds the lock `name` until `transaction` ends, so that work runs one transaction
 * at a time across every instance sharing the database (advisory locks are per database).
 */
export async function lockFor(db: Database, transaction: Transaction, name: string): Promise<void> {
  if (db.dialect !== 'postgres') return;
  await db.sequelize.query('SELECT pg_advisory_xact_lock(hashtext(?))', { replacements: [name], transaction });
}

/** A lock a write must hold while it runs, shared with writers outside this thread. */
export interface WriteGate {
  run<T>(job: () => Promise<T>): Promise<T>;
}

interface SqliteHandle {
  run(sql: string): unknown;
}
interface SqliteConnectionManager {
  getConnection(options?: { uuid?: string }): Promise<SqliteHandle>;
  releaseConnection(connection: SqliteHandle): Promise<void>;
  destroyConnection(connection: SqliteHandle): Promise<void>;
}

export interface OpenOptions {
  /**
   * SQLite only, for a thread whose only writer is itself (the webhook apply thread): transactions
   * run on the one long-lived connection instead of opening a new one each (a file open and a
   * schema load, about 1.5 ms). Unsafe where other reads run concurrently and must not see a
   * transaction's uncommitted rows, as in the request thread.
   */
  oneConnection?: boolean;
}

function shareOneConnection(sequelize: Sequelize): void {
  const manager = sqliteConnectionManager(sequelize);
  const open = manager.getConnection.bind(manager);
  manager.getConnection = (options) => open({ ...options, uuid: undefined });
  manager.releaseConnection = async () => undefined;
  manager.destroyConnection = async () => undefined;
}

function sqliteStorage(url: string): string {
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  return path === ':memory:' ? path : resolve(path);
}

/** Sequelize does not type its dialects' connection managers; this is the one place it is narrowed. */
function sqliteConnectionManager(sequelize: Sequelize): SqliteConnectionManager {
  return sequelize.connectionManager as unknown as SqliteConnectionManager;
}

/** synchronous=NORMAL and a busy timeout are per-connection settings; WAL is per file. */
function tuneSqliteConnections(sequelize: Sequelize): void {
  const manager = sqliteConnectionManager(sequelize);
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

function serialQueue(gateOf: () => WriteGate | null = () => null) {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: () => Promise<T>): Promise<T> => {
    const gated = () => gateOf()?.run(job) ?? job();
    const run = tail.then(gated, gated);
    tail = run.catch(() => undefined);
    return run;
  };
}

async function holdingLock<T>(sequelize: Sequelize, name: string, work: () => Promise<T>): Promise<T> {
  const holder = await sequelize.transaction();
  try {
    await sequelize.query('SELECT pg_advisory_xact_lock(hashtext(?))', { replacements: [name], transaction: holder });
    return await work();
  } finally {
    await holder.rollback();
  }
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const dialect: Dialect = url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  const sequelize =
    dialect === 'sqlite'
      ? new Sequelize({ dialect: 'sqlite', storage: sqliteStorage(url), logging: false })
      : new Sequelize(url, { dialect: 'postgres', logging: false, pool: { max: 10 } });
  if (dialect === 'postgres') claimCounterShardsOnConnect(sequelize);
  if (dialect === 'sqlite') {
    tuneSqliteConnections(sequelize);
    if (options.oneConnection) shareOneConnection(sequelize);
    await sequelize.query('PRAGMA journal_mode=WAL');
  }
  await sequelize.authenticate();
  let gate: WriteGate | null = null;
  const enqueue = dialect === 'sqlite' ? serialQueue(() => gate) : <T>(job: () => Promise<T>) => job();
  const storage = dialect === 'sqlite' ? sqliteStorage(url) : null;
  const raw = storage && storage !== ':memory:' ? await openRawSqlite(storage) : null;
  return {
    sequelize,
    dialect,
    write: (work) => enqueue(() => sequelize.transaction((t) => work(t))),
    enqueue,
    raw,
    storage,
    guardWrites: (shared) => {
      gate = shared;
    },
    exclusive: (name, work) => (dialect === 'postgres' ? holdingLock(sequelize, name, work) : work()),
    close: async () => {
      await raw?.close();
      await sequelize.close();
    },
  };
}
