import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id (the library's default algorithm; its enum is a const enum that isolated modules
 * cannot import) at OWASP's minimum recommendation: 19 MiB, 2 iterations, 1 lane.
 */
const PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

let checks = 0;
/**
 * How many password checks this process has run. The sign-in throttle's promise is about this
 * number (how many guesses reach a check), so its tests read it rather than infer it from timings.
 */
export const passwordChecks = (): number => checks;

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  checks++;
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
