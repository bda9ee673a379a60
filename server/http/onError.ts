import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { HttpError, TooManyRequestsError } from '../errors';
import type { Logger } from '../logger';
import { isTransientPostgresError } from '../db/transient';

/** How long a client is asked to wait before sending again a change PostgreSQL rolled back. */
const TRANSIENT_RETRY_AFTER_SECONDS = 1;

/**
 * Reading the body failed because the connection ended under it: the client left, or the server cut
 * a slow one off (REQUEST_TIMEOUT_MS). Nobody is there to answer, and it is no bug of Recur's.
 */
function clientWentAway(c: Context, error: Error): boolean {
  return c.req.raw.signal.aborted && (error as NodeJS.ErrnoException).code === 'ECONNRESET';
}

/** The single error path: named errors keep their status and message; anything else is a bug. */
export function errorHandler(log: Logger) {
  return (error: Error, c: Context) => {
    if (error instanceof HttpError) {
      if (error instanceof TooManyRequestsError) c.header('Retry-After', String(error.retryAfterSeconds));
      return c.json({ message: error.message, ...(error.errors ? { errors: error.errors } : {}) }, error.status);
    }
    if (error instanceof HTTPException) {
      return c.json({ message: error.message || 'Bad request' }, error.status);
    }
    // PostgreSQL ended the request's transaction to break a deadlock (or a serialization
    // failure), rolling all of it back: the same request sent again succeeds. Not a bug, and not
    // run again here, as a handler may have called Stripe before its transaction; a request sent
    // again passes every check (a payment retry's one-time claim among them) as the first did.
    if (isTransientPostgresError(error)) {
      log.warn({ err: error, path: c.req.path }, 'PostgreSQL rolled back a request to break a deadlock');
      c.header('Retry-After', String(TRANSIENT_RETRY_AFTER_SECONDS));
      return c.json({ message: 'The database was busy with another change and saved nothing of this one; send it again' }, 503);
    }
    if (clientWentAway(c, error)) {
      log.info({ path: c.req.path }, 'the connection closed before the request was complete');
      return c.json({ message: 'The connection closed before the request was complete' }, 408);
    }
    log.error({ err: error, path: c.req.path }, 'unhandled error');
    return c.json({ message: 'Something went wrong on our side' }, 500);
  };
}
