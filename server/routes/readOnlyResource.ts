import { Hono } from 'hono';
import type { Model } from 'sequelize';
import { getResource, listResource, type ResourceName } from '../billing/resources';
import type { AppEnv } from '../deps';
import { idParam, parseOrThrow } from '../http/validate';
import { listQuerySchema } from '../../shared/listQuery';

function present(row: Model): object {
  return row.toJSON();
}

/** GET list and GET one in the ra-data-simple-rest protocol, for a resource the admin reads. */
export function readOnlyResource(name: ResourceName) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const query = parseOrThrow(listQuerySchema, c.req.query(), 'list query');
      const page = await listResource(name, query);
      c.header('Content-Range', `${name} ${page.start}-${page.end}/${page.total}`);
      return c.json(page.rows.map(present));
    })
    .get('/:id', async (c) => c.json(present(await getResource(name, idParam(c)))));
}
