import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { startRecur, type RunningRecur } from '../../server/runtime';
import { tempSqliteUrl } from './database';
import { freePort } from './ports';

export const E2E_ADMIN_PASSWORD = 'e2e password that is long';

/** All of Recur as `npm start` wires it (embedded emulator, fresh SQLite file), quiet, with a known owner. */
export async function startWholeRecur(adminEmail: string): Promise<RunningRecur> {
  const config = loadConfig({
    PORT: String(await freePort()),
    EMULATOR_PORT: String(await freePort()),
    DATABASE_URL: tempSqliteUrl(),
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
  });
  return startRecur(config, createLogger('silent'));
}
