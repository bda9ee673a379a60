import { isIPv4, isIPv6 } from 'node:net';
import type { Database } from '../db/sequelize';
import { TooManyRequestsError } from '../errors';
import { hitRateLimit } from './rateLimit';

/**
 * Checkout Sessions one client address may start per window. Each costs Stripe calls (a customer
 * lookup, the session) and leaves a pending row; a person who cancels and tries again, or a few
 * people behind one office address, stay far below it.
 */
export const MAX_SIGNUPS_PER_ADDRESS = 10;
export const SIGNUP_WINDOW_MS = 15 * 60_000;

/**
 * The network a client address stands for: an IPv4 address itself (an IPv4-mapped IPv6 one too),
 * an IPv6 address its /64 — one host is usually given a whole /64, and could otherwise take a
 * new address for every request. Anything else (no socket: in-process requests) as it is.
 */
export function clientNetwork(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('%')[0]!.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** Counts a signup against its client's network; past the limit, a 429 saying when to come back. */
export async function admitSignup(db: Database, ip: string): Promise<void> {
  const decision = await hitRateLimit(db, `signup:${clientNetwork(ip)}`, MAX_SIGNUPS_PER_ADDRESS, SIGNUP_WINDOW_MS);
  if (decision.allowed) return;
  const minutes = Math.ceil(decision.retryAfterSeconds / 60);
  throw new TooManyRequestsError(
    `Too many signups were started from your network just now. Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    decision.retryAfterSeconds,
  );
}
