import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import type { SessionUser } from '../auth/sessions';
import { Feature, Plan, PlanFeature } from '../db/models';
import type { JsonPage } from '../db/list';
import type { Database } from '../db/sequelize';
import { BadRequestError, ConflictError, NotFoundError } from '../errors';
import { FEATURE_KINDS, type FeatureInput, type FeatureUpdate } from '../../shared/features';
import type { ListQuery } from '../../shared/listQuery';
import { audit } from './audit';
import { simpleList } from './simpleList';
import { z } from 'zod';

/**
 * The feature catalog (issue 15). Like plans, any admin edits it and a viewer reads it (requireAdmin).
 *
 * Rules that keep apps' answers meaningful:
 * - `key` never changes: apps have it in their code. A new key is a new feature.
 * - `kind` changes only while no plan gives the feature a value: a value of one kind means nothing
 *   as the other (is `true` 1 project? is 5 "on"?), so the admin clears the values first (409).
 * - A feature some plan gives a value cannot be deleted (409, naming the plans), for the same
 *   reason a cascade was not chosen: deleting would silently take it from paying subscribers.
 *   Without values it is deleted outright: its key then leaves every entitlements answer.
 */
const SPEC = {
  sortable: ['key', 'name', 'kind', 'createdAt'],
  defaultSort: ['key', 'ASC'],
  filters: { kind: z.enum(FEATURE_KINDS), key: z.string().max(64) },
  search: ['key', 'name'],
} as const;

const SHOWN = ['id', 'key', 'name', 'kind', 'description', 'createdAt', 'updatedAt'];

export function listFeatures(query: ListQuery): Promise<JsonPage> {
  return simpleList(Feature, SPEC, query, SHOWN);
}

/** Inside a write the row is locked, so a plan's values for it are not written meanwhile (planFeatures.ts). */
export async function getFeature(id: number, transaction?: Transaction): Promise<Feature> {
  const feature = await Feature.findByPk(id, { transaction, lock: transaction ? transaction.LOCK.UPDATE : undefined });
  if (!feature) throw new NotFoundError(`No feature with id ${id}`);
  return feature;
}

const keyTaken = (key: string) => new BadRequestError(`The key ${key} is already in use`, { key: 'is already used by another feature' });

/** The key check runs inside the write; on PostgreSQL a concurrent twin still meets the unique key. */
async function writeFeature<T>(db: Database, key: string, work: (transaction: Transaction) => Promise<T>): Promise<T> {
  try {
    return await db.write(work);
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw keyTaken(key);
    throw error;
  }
}

/** The names of the plans that give a feature a value, for a 409 the admin can act on. */
async function plansValuing(featureId: number, transaction: Transaction): Promise<string[]> {
  const rows = await PlanFeature.findAll({ where: { featureId }, attributes: ['planId'], transaction });
  if (!rows.length) return [];
  const plans = await Plan.findAll({ where: { id: { [Op.in]: rows.map((r) => r.planId) } }, attributes: ['name'], order: [['name', 'ASC']], transaction });
  return plans.map((p) => p.name);
}

const listed = (names: string[]) => (names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', '));

export async function createFeature(db: Database, input: FeatureInput, actor: SessionUser): Promise<Feature> {
  return writeFeature(db, input.key, async (transaction) => {
    if (await Feature.findOne({ where: { key: input.key }, attributes: ['id'], transaction })) throw keyTaken(input.key);
    const created = await Feature.create(input, { transaction });
    await audit(actor, { action: 'feature.create', entityType: 'feature', entityId: created.id, details: { ...input } }, transaction);
    return created;
  });
}

export async function updateFeature(db: Database, id: number, changes: FeatureUpdate, actor: SessionUser): Promise<Feature> {
  return db.write(async (transaction) => {
    const feature = await getFeature(id, transaction);
    if (changes.key !== undefined && changes.key !== feature.key) {
      throw new BadRequestError('A feature keeps its key: apps read it. Create a new feature instead', { key: 'cannot change once the feature exists' });
    }
    if (changes.kind !== undefined && changes.kind !== feature.kind) {
      const plans = await plansValuing(id, transaction);
      if (plans.length) {
        throw new ConflictError(
          `${feature.key} has values on ${listed(plans)}; clear them before making it a ${changes.kind === 'limit' ? 'limit' : 'boolean'} feature`,
        );
      }
    }
    await audit(actor, { action: 'feature.update', entityType: 'feature', entityId: id, details: { ...changes } }, transaction);
    return feature.update(changes, { transaction });
  });
}

export async function deleteFeature(db: Database, id: number, actor: SessionUser): Promise<Feature> {
  return db.write(async (transaction) => {
    const feature = await getFeature(id, transaction);
    const plans = await plansValuing(id, transaction);
    if (plans.length) throw new ConflictError(`${feature.key} has values on ${listed(plans)}; clear them before deleting it`);
    await audit(actor, { action: 'feature.delete', entityType: 'feature', entityId: id, details: { key: feature.key, kind: feature.kind } }, transaction);
    await feature.destroy({ transaction });
    return feature;
  });
}
