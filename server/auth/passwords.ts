import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id (the library's default algorithm; its enum is a const enum that isolated modules
 * cannot import) at OWASP's minimum recommendation: 19 MiB, 2 iterations, 1 lane.
 */
const PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the e-mail is unknown, so both cases take the same time. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('decoy password for unknown accounts');
  return decoy;
}
