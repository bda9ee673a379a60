/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppDeps } from '../deps';
import { requestMagicLink } from '../portal/login';
import { closePortalSession, openPortalSession, PORTAL_COOKIE, PORTAL_SESSION_TTL_MS } from '../portal/sessions';
import { peekToken, redeemToken } from '../portal/tokens';
import { portalLoginSchema } from '../../shared/portal';
import { clientIp, crossSite, CSP, formBody, linkNotValid, pageError, requireCustomer, type PortalEnv } from './portal/http';
import { portalActionRoutes } from './portalActions';
import { appSessionRoutes } from './portal/appSession';
import { PortalConfirmSignInPage, PortalLinkSentPage, PortalMessagePage, PortalSignInPage } from './portal/PortalSignInPage';

export function portalPages(deps: AppDeps) {
  const { db, baseUrl, log } = deps;
  const secure = baseUrl.startsWith('https:');
  const app = new Hono<PortalEnv>();
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('Content-Security-Policy', CSP);
  });

  app.post('/login', async (c) => {
    const form = await formBody(c);
    const email = typeof form.email === 'string' ? form.email.slice(0, 300) : '';
    const parsed = portalLoginSchema.safeParse({ email });
    if (!parsed.success) return c.html(<PortalSignInPage email={email} error={parsed.error.issues[0]?.message} />, 400);
    const outcome = await requestMagicLink(db, parsed.data.email, clientIp(c));
    if (outcome === 'limited') {
      const text = 'Too many sign-in links were asked for. Wait 15 minutes, then try again, or use the last link we sent.';
      return c.html(<PortalSignInPage email={email} notice={{ text, tone: 'bad' }} />, 429);
    }
    return c.html(<PortalLinkSentPage email={parsed.data.email} />);
  });

  // Opening a link (a GET: mail scanners and link previews make them too) spends nothing: it shows
  // whose portal it opens and a Sign in button. The button's POST spends the token, which is its
  // own proof, so it needs no session or CSRF token; a post another site makes is refused.
  app.get('/auth', async (c) => {
    const token = (c.req.query('token') ?? '').slice(0, 200);
    const state = await peekToken(token);
    if (!state.ok) return linkNotValid(c, state.reason);
    return c.html(<PortalConfirmSignInPage token={token} email={state.email} />);
  });

  app.post('/auth', async (c) => {
    if (crossSite(c, baseUrl)) {
      return c.html(
        <PortalMessagePage
          title="Sign-in refused"
          message="This sign-in did not come from this site. Open the link from your e-mail again."
          back={{ href: '/portal', label: 'Sign in' }}
        />,
        403,
      );
    }
    const form = await formBody(c);
    const redeemed = await redeemToken(db, typeof form.token === 'string' ? form.token.slice(0, 200) : '');
    if (!redeemed.ok) return linkNotValid(c, redeemed.reason);
    const token = await openPortalSession(db, redeemed.customerId);
    setCookie(c, PORTAL_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure, path: '/portal', maxAge: PORTAL_SESSION_TTL_MS / 1000 });
    return c.redirect('/portal', 303);
  });

  app.post('/logout', requireCustomer, async (c) => {
    await closePortalSession(db, getCookie(c, PORTAL_COOKIE));
    deleteCookie(c, PORTAL_COOKIE, { path: '/portal', secure });
    return c.redirect('/portal?done=signed-out', 303);
  });

  app.onError((error, c) => pageError(c, error, log));
  app.route('/', appSessionRoutes(deps));
  app.route('/', portalActionRoutes(deps));
  return app;
}
