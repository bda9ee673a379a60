import { createHash, randomBytes } from 'node:crypto';
import { Op } from 'sequelize';
import { ApiKey } from '../db/models';
import type { Database } from '../db/sequelize';
import { API_KEY_PREFIX } from '../../shared/apiKeys';

/** Shown in lists: the fixed prefix plus a few random characters, enough to tell keys apart. */
const SHOWN_LENGTH = API_KEY_PREFIX.length + 6;

// A plain sha256 is enough here, unlike passwords: the secret is 32 random bytes, so there is
// nothing to guess, and the lookup must be one indexed equality per API call.
export const apiKeyHash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export interface NewApiKey {
  secret: string;
  prefix: string;
  hash: string;
}

export function generateApiKey(): NewApiKey {
  const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, prefix: secret.slice(0, SHOWN_LENGTH), hash: apiKeyHash(secret) };
}

/** Last-used times are written at most this often per key, so API traffic does not queue writes. */
const TOUCH_EVERY_MS = 60_000;

/** The key a bearer secret belongs to, if it exists and is not revoked (for /api/v1, issue 6). */
export async function verifyApiKey(db: Database, secret: string): Promise<ApiKey | null> {
  if (!secret.startsWith(API_KEY_PREFIX) || secret.length > 128) return null;
  const key = await ApiKey.findOne({ where: { hash: apiKeyHash(secret), revokedAt: { [Op.is]: null } } });
  if (!key) return null;
  const now = new Date();
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await db.write((transaction) => key.update({ lastUsedAt: now }, { transaction }));
  }
  return key;
}
