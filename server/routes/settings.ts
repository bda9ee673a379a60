import { Hono } from 'hono';
import { getAccessPolicy, setAccessPolicy, settingsSchema } from '../billing/settings';
import type { AppDeps, AppEnv } from '../deps';
import { jsonBody } from '../http/validate';

export function settingsRoutes({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ accessPolicy: await getAccessPolicy() }))
    .put('/', async (c) => {
      const { accessPolicy } = await jsonBody(c, settingsSchema);
      return c.json({ accessPolicy: await setAccessPolicy(db, accessPolicy, c.get('user')) });
    });
}
