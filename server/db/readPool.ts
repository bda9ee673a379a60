import sqlite3 from 'sqlite3';
import { QueryTypes, type Sequelize } from 'sequelize';
import { sqliteParam, type SqlValue } from './sqliteRaw';
import { numberedPlaceholders } from './sql';

/** SELECTs for a hot read path, with `?` placeholders as every raw statement (db/sql.ts). */
export interface Reader {
  select<T extends object>(sql: string, params: readonly SqlValue[]): Promise<T[]>;
  /**
   * A read that may take seconds (a list's anchors walk): on SQLite it runs on a connection of its
   * own, one at a time, so that no page queues behind it on a shared connection.
   */
  selectLong<T extends object>(sql: string, params: readonly SqlValue[]): Promise<T[]>;
}

const POOL_SIZE = 4;
const IDLE_CLOSE_MS = 30_000;
const STATEMENTS_PER_CONNECTION = 64;

interface Connection {
  db: sqlite3.Database;
  busy: number;
  /** prepared once per SQL text: preparing (parsing, planning) costs about as much as running a page */
  statements: Map<string, Promise<sqlite3.Statement>>;
}

/** A prepare error reaches its callback only: later calls on that statement would never answer. */
function prepare(db: sqlite3.Database, sql: string): Promise<sqlite3.Statement> {
  return new Promise((resolve, reject) => {
    const statement = db.prepare(sql, (error) => (error ? reject(error) : resolve(statement)));
  });
}

function all<T>(statement: sqlite3.Statement, params: readonly SqlValue[]): Promise<T[]> {
  return new Promise((resolve, reject) => statement.all<T>(params.map(sqliteParam), (error, rows) => (error ? reject(error) : resolve(rows))));
}

/**
 * Read-only connections of their own for SQLite: Sequelize runs every query outside a
 * transaction on one connection, one after another, and spends more time around a query
 * (model plumbing, a captured stack per query) than SQLite spends in it. WAL lets these readers
 * run beside the writer and each other, on the thread pool; they see committed data only.
 * They close themselves when idle, so nothing has to remember to close them.
 */
class SqliteReadPool implements Reader {
  private connections: Connection[] = [];
  /**
   * The long reads' connection. SQLite runs one statement at a time per connection, and the pool
   * hands a page to its least busy one: a connection running a walk counts 1 and looked idlest,
   * so pages queued behind the walk, and with 50 clients every client ended up waiting there
   * (events type=invoice.paid: no page at all in a 5-second window while a walk ran).
   */
  private aside: Connection | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly file: string) {}

  private open(): Connection {
    const db = new sqlite3.Database(this.file, sqlite3.OPEN_READONLY);
    db.configure('busyTimeout', 5000);
    return { db, busy: 0, statements: new Map() };
  }

  private pick(): Connection {
    if (this.connections.length < POOL_SIZE) {
      const idle = this.connections.find((c) => c.busy === 0);
      if (idle) return idle;
      const opened = this.open();
      this.connections.push(opened);
      return opened;
    }
    return this.connections.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.closeIdle(), IDLE_CLOSE_MS).unref();
  }

  private closeIdle(): void {
    const every = this.aside ? [...this.connections, this.aside] : this.connections;
    if (every.some((c) => c.busy > 0)) {
      this.touch();
      return;
    }
    this.connections = [];
    this.aside = undefined;
    for (const { db, statements } of every) {
      const finalized = [...statements.values()].map((p) =>
        p.then(
          (statement) => new Promise<void>((done) => statement.finalize(() => done())),
          () => undefined,
        ),
      );
      void Promise.all(finalized).then(() => db.close(() => undefined));
    }
  }

  select<T extends object>(sql: string, params: readonly SqlValue[]): Promise<T[]> {
    return this.run<T>(this.pick(), sql, params);
  }

  selectLong<T extends object>(sql: string, params: readonly SqlValue[]): Promise<T[]> {
    this.aside ??= this.open();
    return this.run<T>(this.aside, sql, params);
  }

  private async run<T extends object>(connection: Connection, sql: string, params: readonly SqlValue[]): Promise<T[]> {
    connection.busy++;
    this.touch();
    try {
      const cached = connection.statements.get(sql);
      if (cached) return await all<T>(await cached, params);
      // Past the cache's size (an unusual mix of filters) a statement is used once and finalized.
      const keep = connection.statements.size < STATEMENTS_PER_CONNECTION;
      const prepared = prepare(connection.db, sql);
      if (keep) {
        connection.statements.set(sql, prepared);
        prepared.catch(() => connection.statements.delete(sql));
      }
      const statement = await prepared;
      try {
        return await all<T>(statement, params);
      } finally {
        if (!keep) statement.finalize();
      }
    } finally {
      connection.busy--;
    }
  }
}

class SequelizeReader implements Reader {
  constructor(private readonly sequelize: Sequelize) {}
  select<T extends object>(sql: string, params: readonly SqlValue[]): Promise<T[]> {
    // Bound, not inlined into the text: PostgreSQL gets the values as parameters.
    return this.sequelize.query<T>(numberedPlaceholders(sql), { type: QueryTypes.SELECT, bind: [...params] });
  }
  // PostgreSQL's pool gives each query a connection of its own already.
  selectLong<T extends object>(sql: string, params: readonly SqlValue[]): Promise<T[]> {
    return this.select<T>(sql, params);
  }
}

const readers = new WeakMap<Sequelize, Promise<Reader>>();

async function makeReader(sequelize: Sequelize): Promise<Reader> {
  if (sequelize.getDialect() !== 'sqlite') return new SequelizeReader(sequelize);
  // The file as SQLite itself names it (empty for an in-memory database, which only its own connection sees).
  const [main] = await sequelize.query<{ file: string }>(`SELECT file FROM pragma_database_list WHERE name = 'main'`, { type: QueryTypes.SELECT });
  return main?.file ? new SqliteReadPool(main.file) : new SequelizeReader(sequelize);
}

/** A file-backed SQLite database gets the pool; PostgreSQL (already pooled) and :memory: use Sequelize. */
export function readerFor(sequelize: Sequelize): Promise<Reader> {
  let reader = readers.get(sequelize);
  if (!reader) {
    reader = makeReader(sequelize);
    readers.set(sequelize, reader);
    reader.catch(() => readers.delete(sequelize));
  }
  return reader;
}
