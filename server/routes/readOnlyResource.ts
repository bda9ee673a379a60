import { Hono, type Context } from 'hono';
import type { Model } from 'sequelize';
import { listResource, showResource, usesStringIds, type ResourceName } from '../billing/resources';
import type { AppEnv } from '../deps';
import { BadRequestError } from '../errors';
import { idParam, parseOrThrow } from '../http/validate';
import { listQuerySchema } from '../../shared/listQuery';

export function present(row: Model): object {
  return row.toJSON();
}

export function resourceId(c: Context, name: ResourceName): number | string {
  if (!usesStringIds(name)) return idParam(c);
  const raw = c.req.param('id') ?? '';
  if (!/^[\w-]{1,255}$/.test(raw)) throw new BadRequestError(`Invalid id: ${raw.slice(0, 40)}`, { id: 'is not a valid id' });
  return raw;
}

export interface ReadOptions {
  presentOne?: (row: Model) => object;
  /** waited for before each read, for a resource whose rows may still be on their way in */
  beforeRead?: () => Promise<void>;
}

/** GET list and GET one in the ra-data-simple-rest protocol, for a resource the admin reads. */
export function readOnlyResource(name: ResourceName, { presentOne = present, beforeRead }: ReadOptions = {}) {
  const app = new Hono<AppEnv>();
  if (beforeRead) {
    app.use('*', async (_c, next) => {
      await beforeRead();
      await next();
    });
  }
  return app
    .get('/', async (c) => {
      const query = parseOrThrow(listQuerySchema, c.req.query(), 'list query');
      const page = await listResource(name, query);
      c.header('Content-Range', `${name} ${page.start}-${page.end}/${page.total}`);
      return c.body(page.json, 200, { 'Content-Type': 'application/json' });
    })
    .get('/:id', async (c) => c.json(await showResource(name, resourceId(c, name), presentOne)));
}
