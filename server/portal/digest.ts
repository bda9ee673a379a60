import { createHash, randomBytes } from 'node:crypto';

/** Links and cookies carry the random token; the database holds only this digest of it. */
export const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

export const newToken = (): string => randomBytes(32).toString('base64url');
