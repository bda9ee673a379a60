import { createRequire } from 'node:module';
import { isatty } from 'node:tty';
import { pino, type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger };

/**
 * Readable lines (pino-pretty) in development: `npm run dev` (NODE_ENV=development), or a
 * terminal unless NODE_ENV=production. JSON lines otherwise: production, pipes, log collectors.
 * NODE_ENV is the one variable read outside config.ts: it says how to print, not what Recur does.
 * File descriptor 1 is the process's, so the apply thread decides as the request thread does.
 */
function prettyByDefault(): boolean {
  const env = process.env.NODE_ENV;
  return env === 'development' || (env !== 'production' && isatty(1));
}

/**
 * pino-pretty as a synchronous stream on stdout, in the thread that logs (pino's transport would
 * start a worker thread for it); loaded only when used, so production never carries it.
 */
function prettyStream(): DestinationStream {
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  return pretty({ sync: true, colorize: isatty(1), translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
}

/** `destination` defaults to stdout; tests pass a buffer to read what Recur logged (as JSON lines). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    // Card data never reaches Recur, but secrets and cookies do pass through requests.
    redact: ['req.headers.cookie', 'req.headers.authorization', 'password', 'passwordHash'],
  };
  if (destination) return pino(options, destination);
  return level !== 'silent' && prettyByDefault() ? pino(options, prettyStream()) : pino(options);
}
