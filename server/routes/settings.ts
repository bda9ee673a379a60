import { Hono } from 'hono';
import { getAccessPolicy, getPortalPolicy, setAccessPolicy, setPortalPolicy, settingsSchema } from '../billing/settings';
import { getChangeTiming, setChangeTiming } from '../billing/changeTiming';
import type { AppDeps, AppEnv } from '../deps';
import { jsonBody } from '../http/validate';

export function settingsRoutes({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ accessPolicy: await getAccessPolicy(), portalPolicy: await getPortalPolicy(), changeTiming: await getChangeTiming() }))
    .put('/', async (c) => {
      const { accessPolicy, portalPolicy, changeTiming } = await jsonBody(c, settingsSchema);
      const access = await setAccessPolicy(db, accessPolicy, c.get('user'));
      return c.json({
        accessPolicy: access,
        portalPolicy: portalPolicy ? await setPortalPolicy(db, portalPolicy, c.get('user')) : await getPortalPolicy(),
        changeTiming: changeTiming ? await setChangeTiming(db, changeTiming, c.get('user')) : await getChangeTiming(),
      });
    });
}
