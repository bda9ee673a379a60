import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** `destination` defaults to stdout; tests pass a buffer to read what Recur logged. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    // Card data never reaches Recur, but secrets and cookies do pass through requests.
    redact: ['req.headers.cookie', 'req.headers.authorization', 'password', 'passwordHash'],
  };
  return destination ? pino(options, destination) : pino(options);
}
