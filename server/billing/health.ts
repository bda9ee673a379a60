import type { Database } from '../db/sequelize';

export async function databaseIsUp(db: Database): Promise<boolean> {
  try {
    await db.sequelize.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
