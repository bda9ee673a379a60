import type { Model, ModelStatic } from 'sequelize';
import { listPage, type JsonPage, type ListSpec } from '../db/list';
import type { ListQuery } from '../../shared/listQuery';

/** One page of a small table in the ra-data-simple-rest shape, only the listed attributes. */
export async function simpleList<M extends Model>(model: ModelStatic<M>, spec: ListSpec, query: ListQuery, attributes: string[]): Promise<JsonPage> {
  const { rows, total, start, end } = await listPage(model, spec, query, { attributes });
  return { json: JSON.stringify(rows), total, start, end };
}
