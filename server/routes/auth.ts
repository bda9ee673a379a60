import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { logIn } from '../auth/loginThrottle';
import { SESSION_TTL_MS, signOut } from '../auth/sessions';
import type { AppDeps, AppEnv } from '../deps';
import { requireAdmin, SESSION_COOKIE } from '../http/requireAdmin';
import { clientIp } from '../http/clientIp';
import { jsonBody } from '../http/validate';

const loginSchema = z.strictObject({
  email: z.string({ message: 'is required' }).trim().max(254).pipe(z.email('must be an e-mail address')),
  password: z.string({ message: 'is required' }).min(1, 'is required').max(1024),
});

export function authRoutes({ db, baseUrl }: AppDeps) {
  const secure = baseUrl.startsWith('https:');
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const { email, password } = await jsonBody(c, loginSchema);
      const { token, user } = await logIn(db, email, password, clientIp(c));
      setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: SESSION_TTL_MS / 1000 });
      return c.json(user);
    })
    .post('/logout', async (c) => {
      await signOut(db, getCookie(c, SESSION_COOKIE));
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
      return c.body(null, 204);
    })
    .get('/me', requireAdmin, (c) => c.json(c.get('user')));
}
