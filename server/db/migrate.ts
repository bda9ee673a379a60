import type { Sequelize } from 'sequelize';
import { QueryTypes } from 'sequelize';
import type { Umzug } from 'umzug';
import { migrations } from './migrations';

/** Where umzug records the migrations it has applied (one row per name). */
const STORAGE_TABLE = 'schema_migrations';

export async function createMigrator(sequelize: Sequelize): Promise<Umzug<ReturnType<Sequelize['getQueryInterface']>>> {
  // umzug loads its command-line parser with it (~22 MB resident, ~160 ms): only when there is work.
  const { Umzug, SequelizeStorage } = await import('umzug');
  const qi = sequelize.getQueryInterface();
  return new Umzug({
    migrations: migrations.map((m) => ({ name: m.name, up: () => m.up(qi), down: () => m.down(qi) })),
    context: qi,
    storage: new SequelizeStorage({ sequelize, tableName: STORAGE_TABLE }),
    logger: undefined,
  });
}

/** The migrations already recorded as applied; none when the table does not exist yet (a new database). */
async function appliedNames(sequelize: Sequelize): Promise<Set<string> | null> {
  try {
    const rows = await sequelize.query<{ name: string }>(`SELECT name FROM ${STORAGE_TABLE}`, { type: QueryTypes.SELECT });
    return new Set(rows.map((row) => row.name));
  } catch {
    return null;
  }
}

/** Applies the pending migrations, in order; resolves with their names (none on an up-to-date database). */
export async function migrate(sequelize: Sequelize): Promise<string[]> {
  const applied = await appliedNames(sequelize);
  if (applied && migrations.every((m) => applied.has(m.name))) return [];
  const done = await (await createMigrator(sequelize)).up();
  return done.map((m) => m.name);
}
