import { z } from 'zod';
import { parseFilterValues } from '../db/list';
import type { ListQuery } from '../../shared/listQuery';
import { customerObjectIds } from './customerEvents';
import { recordId } from '../../shared/ids';

/** matches no stored event: Stripe ids never contain a space */
const NOTHING = 'no such object';

/**
 * `filter={"customerId":N}` on the webhook inbox: the events whose object is one of the
 * customer's Stripe objects, through the indexed object_id column.
 */
export async function eventsOfCustomer(query: ListQuery): Promise<ListQuery> {
  const { customerId, ...rest } = query.filter ?? {};
  if (customerId === undefined) return query;
  const customerIds = parseFilterValues('customerId', recordId(), customerId);
  const objectIds = (await Promise.all(customerIds.map(customerObjectIds))).flat();
  if (rest.objectId !== undefined) {
    const wanted = new Set(parseFilterValues('objectId', z.string().max(255), rest.objectId));
    return { ...query, filter: { ...rest, objectId: [NOTHING, ...objectIds.filter((o) => wanted.has(o))] } };
  }
  return { ...query, filter: { ...rest, objectId: [NOTHING, ...objectIds] } };
}
