import { dropStaleTestDatabases } from './database';

/** Before the PostgreSQL run: databases a killed run left behind (a day old) are dropped. */
export default async function setup(): Promise<void> {
  await dropStaleTestDatabases(24 * 3600);
}
