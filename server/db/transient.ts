/**
 * SQLSTATEs after which PostgreSQL expects the whole transaction to be run again
 * (postgresql.org/docs/current/mvcc-serialization-failure-handling.html): deadlock_detected and
 * serialization_failure. On PostgreSQL the list counters (migrations 028–030) are rows that
 * concurrent writers update in the order their rows come, so a delivery's insert and a batch's
 * apply can deadlock; PostgreSQL then ends one of them, and running it again succeeds.
 */
const TRANSIENT_SQLSTATES = new Set(['40P01', '40001']);

/** Whether `error` (a Sequelize error, its cause in `parent`) ended the transaction for PostgreSQL to have it run again. */
export function isTransientPostgresError(error: unknown): boolean {
  const code = (error as { parent?: { code?: unknown } } | null)?.parent?.code;
  return typeof code === 'string' && TRANSIENT_SQLSTATES.has(code);
}
