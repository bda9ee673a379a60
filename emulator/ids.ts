import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

// Ids are drawn from a pooled buffer: one randomBytes call per few hundred ids instead of one
// per id, which showed up in profiles of renewals that make ten objects per subscription.
let pool = Buffer.alloc(0);
let offset = 0;

function bytes(n: number): Buffer {
  if (offset + n > pool.length) {
    pool = randomBytes(Math.max(8192, n));
    offset = 0;
  }
  const out = pool.subarray(offset, offset + n);
  offset += n;
  return out;
}

export function randomToken(length: number): string {
  const b = bytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[b[i] % ALPHABET.length];
  return out;
}

/** Stripe ids are `<prefix>_<24 random chars>`; test-mode checkout sessions carry `cs_test_`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}
