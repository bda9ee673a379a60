import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/** Stripe ids are `<prefix>_<24 random chars>`; test-mode checkout sessions carry `cs_test_`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}
