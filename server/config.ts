import { z } from 'zod';
import { passwordProblemSync } from './auth/passwordPolicy';

/**
 * All configuration, read once from the environment and validated. Nothing else in the
 * server reads process.env, so every setting is documented here and in the README.
 */
const port = (fallback: number) =>
  z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(0).max(65535, 'must be at most 65535').default(fallback);

/** A whole number within bounds, from an environment variable. */
const count = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

export const configSchema = z.object({
  PORT: port(3000),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must start with sqlite: or postgres://')
    .default('sqlite:data/recur.sqlite'),
  STRIPE_SECRET_KEY: z
    .string()
    .trim()
    .regex(/^(sk|rk)_(test|live)_\w+$/, 'must look like sk_test_..., sk_live_... or a restricted rk_ key')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .trim()
    .regex(/^whsec_\w+$/, 'must start with whsec_')
    .optional(),
  EMULATOR_PORT: port(12111),
  /** an emulator already running elsewhere (npm run emulator): use it instead of starting one */
  EMULATOR_URL: url(['http:', 'https:'])
    .transform((s) => s.replace(/\/+$/, ''))
    .optional(),
  PUBLIC_URL: url(['http:', 'https:'])
    .transform((s) => s.replace(/\/+$/, ''))
    .optional(),
  ADMIN_EMAIL: z.email({ message: 'must be an e-mail address' }).default('admin@recur.local'),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  /** the sender of every e-mail: an address, or `Name <address>` */
  MAIL_FROM: z
    .string()
    .trim()
    .regex(/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, 'must be an e-mail address or "Name <address>"')
    .default('Recur <no-reply@recur.local>'),
  /**
   * The pace of a sync and of the event catch-up, in requests per second. Unset: Stripe's basic
   * rate limit for the key's mode (docs.stripe.com/rate-limits), see stripeRequestsPerSecond.
   */
  STRIPE_REQUESTS_PER_SECOND: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .optional(),
  /**
   * The most of those requests per second to any one endpoint (a list, a retrieve). Unset: 25,
   * Stripe's default per endpoint (docs.stripe.com/rate-limits), which Stripe may raise for an account.
   */
  STRIPE_ENDPOINT_REQUESTS_PER_SECOND: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .optional(),
  /**
   * How long a client may take to send a whole request, headers and body (Node's requestTimeout,
   * 300 s by default: a body dripped one byte every 5 s held a connection for 330 s). The largest
   * body Recur takes is 1 MiB; 30 s is enough for it at 35 KB/s. Then 408 and the connection closes.
   */
  REQUEST_TIMEOUT_MS: count(100, 600_000, 30_000),
  /** How long a client may take to send the request's headers (Apache's mod_reqtimeout: 20 s). */
  HEADERS_TIMEOUT_MS: count(100, 600_000, 20_000),
  /** How long an idle keep-alive connection stays open (Node's 5 s; behind a proxy, more than its idle timeout). */
  KEEP_ALIVE_TIMEOUT_MS: count(100, 600_000, 5_000),
  /** Open connections at most; more are closed as they arrive (nginx's default worker_connections: 512). */
  MAX_CONNECTIONS: count(1, 100_000, 512),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Empty strings count as unset, as a shell's `VAR= npm start` means. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'configuration');
    throw new ConfigError(`${name} ${issue?.message ?? 'is invalid'}`);
  }
  // After the rest, so a mistyped setting is told at once; the check itself takes a fraction of a second.
  const ownerProblem = parsed.data.ADMIN_PASSWORD === undefined ? null : passwordProblemSync(parsed.data.ADMIN_PASSWORD, [parsed.data.ADMIN_EMAIL]);
  if (ownerProblem) throw new ConfigError(`ADMIN_PASSWORD ${ownerProblem}`);
  if (parsed.data.STRIPE_SECRET_KEY && !parsed.data.STRIPE_WEBHOOK_SECRET && !parsed.data.PUBLIC_URL) {
    throw new ConfigError('STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY unless PUBLIC_URL is set (then Recur registers its own endpoint)');
  }
  if (parsed.data.HEADERS_TIMEOUT_MS > parsed.data.REQUEST_TIMEOUT_MS) {
    // Node refuses it: the headers are part of the request.
    throw new ConfigError(`HEADERS_TIMEOUT_MS must not be more than REQUEST_TIMEOUT_MS (${parsed.data.REQUEST_TIMEOUT_MS})`);
  }
  return parsed.data;
}

/** Where browsers and Stripe reach this server. */
export function publicUrl(config: Config): string {
  return config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
}

export type StripeMode = 'emulator' | 'test' | 'live';

export function stripeMode(config: Config): StripeMode {
  if (!config.STRIPE_SECRET_KEY) return 'emulator';
  return config.STRIPE_SECRET_KEY.includes('_live_') ? 'live' : 'test';
}

/**
 * Stripe's basic rate limiter allows 100 requests per second in live mode and 25 in test mode
 * (docs.stripe.com/rate-limits); the emulator stands in for test mode. A setting overrides both.
 */
export const STRIPE_RATE_LIMITS: Readonly<Record<StripeMode, number>> = { live: 100, test: 25, emulator: 25 };

export function stripeRequestsPerSecond(config: Config): number {
  return config.STRIPE_REQUESTS_PER_SECOND ?? STRIPE_RATE_LIMITS[stripeMode(config)];
}
