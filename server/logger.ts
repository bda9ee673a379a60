import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    // Card data never reaches Recur, but secrets and cookies do pass through requests.
    redact: ['req.headers.cookie', 'req.headers.authorization', 'password', 'passwordHash'],
  });
}
