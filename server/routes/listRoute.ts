import type { Context } from 'hono';
import type { SessionUser } from '../auth/sessions';
import type { JsonPage } from '../db/list';
import type { AppEnv } from '../deps';
import { parseOrThrow } from '../http/validate';
import { listQuerySchema, type ListQuery } from '../../shared/listQuery';

/** GET / in the ra-data-simple-rest protocol for a list whose service checks the caller's role. */
export function listRoute(name: string, list: (actor: SessionUser, query: ListQuery) => Promise<JsonPage>) {
  return async (c: Context<AppEnv>) => {
    const query = parseOrThrow(listQuerySchema, c.req.query(), 'list query');
    const page = await list(c.get('user'), query);
    c.header('Content-Range', `${name} ${page.start}-${page.end}/${page.total}`);
    return c.body(page.json, 200, { 'Content-Type': 'application/json' });
  };
}
