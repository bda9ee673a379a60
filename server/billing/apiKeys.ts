import { generateApiKey } from '../auth/apiKeys';
import type { SessionUser } from '../auth/sessions';
import { ApiKey } from '../db/models';
import type { JsonPage } from '../db/list';
import type { Database } from '../db/sequelize';
import { ConflictError, NotFoundError } from '../errors';
import type { ApiKeyCreate } from '../../shared/apiKeys';
import type { ListQuery } from '../../shared/listQuery';
import { audit } from './audit';
import { requireRole } from './roles';
import { simpleList } from './simpleList';
import { recordId } from '../../shared/ids';

/** Everything but the hash: even a hash of a key has no business leaving the server. */
const SHOWN = ['id', 'name', 'prefix', 'scopes', 'createdBy', 'lastUsedAt', 'revokedAt', 'createdAt'];
export type ShownApiKey = Pick<ApiKey, 'id' | 'name' | 'prefix' | 'scopes' | 'createdBy' | 'lastUsedAt' | 'revokedAt' | 'createdAt'>;

const SPEC = {
  sortable: ['name', 'createdAt', 'lastUsedAt', 'revokedAt'],
  defaultSort: ['createdAt', 'DESC'],
  filters: { createdBy: recordId() },
  search: ['name', 'prefix'],
} as const;

const ownerOnly = (actor: SessionUser) => requireRole(actor, ['owner'], 'manage API keys');

export function presentApiKey(key: ApiKey): ShownApiKey {
  const { id, name, prefix, scopes, createdBy, lastUsedAt, revokedAt, createdAt } = key;
  return { id, name, prefix, scopes, createdBy, lastUsedAt, revokedAt, createdAt };
}

export function listApiKeys(actor: SessionUser, query: ListQuery): Promise<JsonPage> {
  ownerOnly(actor);
  return simpleList(ApiKey, SPEC, query, SHOWN);
}

async function findKey(id: number): Promise<ApiKey> {
  const key = await ApiKey.findByPk(id);
  if (!key) throw new NotFoundError(`No API key with id ${id}`);
  return key;
}

export async function getApiKey(actor: SessionUser, id: number): Promise<ShownApiKey> {
  ownerOnly(actor);
  return presentApiKey(await findKey(id));
}

/** The secret is in this answer and nowhere else, ever: only its hash is stored. */
export async function createApiKey(db: Database, actor: SessionUser, input: ApiKeyCreate): Promise<ShownApiKey & { key: string }> {
  ownerOnly(actor);
  const { secret, prefix, hash } = generateApiKey();
  const key = await db.write(async (transaction) => {
    const created = await ApiKey.create(
      { name: input.name, prefix, hash, scopes: input.scopes, createdBy: actor.id, lastUsedAt: null, revokedAt: null },
      { transaction },
    );
    await audit(
      actor,
      { action: 'api_key.create', entityType: 'api_key', entityId: created.id, details: { name: input.name, prefix, scopes: input.scopes } },
      transaction,
    );
    return created;
  });
  return { ...presentApiKey(key), key: secret };
}

/** Revoked keys stay listed (who made them, when they were last used) but stop working. */
export async function revokeApiKey(db: Database, actor: SessionUser, id: number): Promise<ShownApiKey> {
  ownerOnly(actor);
  return db.write(async (transaction) => {
    const key = await ApiKey.findByPk(id, { transaction });
    if (!key) throw new NotFoundError(`No API key with id ${id}`);
    if (key.revokedAt) throw new ConflictError(`API key ${key.prefix}… was revoked already`);
    await audit(actor, { action: 'api_key.revoke', entityType: 'api_key', entityId: id, details: { name: key.name, prefix: key.prefix } }, transaction);
    return presentApiKey(await key.update({ revokedAt: new Date() }, { transaction }));
  });
}
