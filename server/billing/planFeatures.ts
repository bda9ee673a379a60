import { Op, type Transaction } from 'sequelize';
import { Feature, Plan, PlanFeature } from '../db/models';
import { BadRequestError } from '../errors';
import type { PlanFeatureValues } from '../../shared/features';

/** A plan's values as the plan API shows them: granted booleans as `true`, limits as numbers. */
export type PlanFeatureMap = Record<string, true | number>;

export async function planFeatureMap(planId: number, transaction?: Transaction): Promise<PlanFeatureMap> {
  const rows = await PlanFeature.findAll({ where: { planId }, transaction });
  if (!rows.length) return {};
  const features = await Feature.findAll({ where: { id: { [Op.in]: rows.map((r) => r.featureId) } }, transaction });
  const byId = new Map(features.map((f) => [f.id, f]));
  const map: PlanFeatureMap = {};
  for (const row of rows.sort((a, b) => a.featureId - b.featureId)) {
    const feature = byId.get(row.featureId);
    if (feature) map[feature.key] = feature.kind === 'boolean' ? true : row.value;
  }
  return map;
}

/** A plan as the admin API answers it: the record and its feature values. */
export async function presentPlan(plan: Plan, transaction?: Transaction): Promise<object> {
  return { ...plan.toJSON(), features: await planFeatureMap(plan.id, transaction) };
}

export async function showPlan(id: number): Promise<object | null> {
  const plan = await Plan.findByPk(id);
  return plan ? presentPlan(plan) : null;
}

interface Row {
  featureId: number;
  value: number;
}

/**
 * The rows `values` stands for, each key checked against the catalog: an unknown key, or a value
 * of the other kind (`false` for a limit too), is a 400 naming the key (under `features`, the
 * form's field). `null`, and `false` for a boolean, mean no row; a limit of 0 is kept as a
 * row, so the plan shows the 0 the admin typed.
 */
export async function planFeatureRows(values: PlanFeatureValues, transaction?: Transaction): Promise<Row[]> {
  const keys = Object.keys(values);
  if (!keys.length) return [];
  // Inside a write, the rows are locked (PostgreSQL; SQLite has one writer): a concurrent kind change
  // or delete (server/billing/features.ts, which locks the same row) waits rather than slipping past.
  const features = await Feature.findAll({ where: { key: { [Op.in]: keys } }, transaction, lock: transaction ? transaction.LOCK.UPDATE : undefined });
  const byKey = new Map(features.map((f) => [f.key, f]));
  const unknown = keys.filter((k) => !byKey.has(k));
  if (unknown.length) throw new BadRequestError(`Unknown feature: ${unknown.join(', ')}`, { features: `no feature with the key ${unknown.join(', ')}` });
  const rows: Row[] = [];
  for (const [key, value] of Object.entries(values)) {
    const feature = byKey.get(key)!;
    if (value === null) continue;
    if (feature.kind === 'boolean' && typeof value !== 'boolean') {
      throw new BadRequestError(`${key} is on or off`, { features: `${key} is on or off: give true or false` });
    }
    if (feature.kind === 'limit' && typeof value !== 'number') {
      throw new BadRequestError(`${key} is a limit`, { features: `${key} is a limit: give a whole number, or null for none` });
    }
    if (value === false) continue;
    rows.push({ featureId: feature.id, value: value === true ? 1 : value });
  }
  return rows;
}

/** Replaces a plan's values with `rows`, touching only what differs (the audit and events see real changes). */
export async function writePlanFeatures(planId: number, rows: Row[], transaction: Transaction): Promise<boolean> {
  const existing = await PlanFeature.findAll({ where: { planId }, transaction });
  const wanted = new Map(rows.map((r) => [r.featureId, r.value]));
  let changed = false;
  for (const row of existing) {
    const value = wanted.get(row.featureId);
    if (value === undefined) await row.destroy({ transaction });
    else if (value !== row.value) await row.update({ value }, { transaction });
    else continue;
    changed = true;
  }
  const had = new Set(existing.map((r) => r.featureId));
  const added = rows.filter((r) => !had.has(r.featureId)).map((r) => ({ planId, ...r }));
  if (added.length) await PlanFeature.bulkCreate(added, { transaction });
  return changed || added.length > 0;
}
