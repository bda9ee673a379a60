import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { HttpError, TooManyRequestsError } from '../errors';
import type { Logger } from '../logger';

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
    log.error({ err: error, path: c.req.path }, 'unhandled error');
    return c.json({ message: 'Something went wrong on our side' }, 500);
  };
}
