/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import type { AppDeps } from '../../deps';
import { redeemPortalSession } from '../../linkedAccounts/portalSessions';
import { openPortalSession, PORTAL_COOKIE, PORTAL_SESSION_TTL_MS } from '../../portal/sessions';
import { PortalMessagePage } from './PortalSignInPage';

const REFUSED = {
  invalid: { status: 400, title: 'This portal link is not valid', text: 'Check that the whole link was copied, or open billing from the app again.' },
  used: { status: 410, title: 'This portal link was already used', text: 'Each link opens the portal once. Open billing from the app again for a new one.' },
  expired: { status: 410, title: 'This portal link has expired', text: 'It was good for 15 minutes. Open billing from the app again for a new one.' },
} as const;

/**
 * An app's portal session (POST /api/v1/portal-sessions): opening its URL signs the customer in,
 * as Stripe's billing portal sessions do. Unlike an e-mailed link there is no confirm button: the
 * app sends its signed-in user here straight away, and no mail scanner or link preview sees it.
 */
export function appSessionRoutes({ db, baseUrl }: AppDeps) {
  const secure = baseUrl.startsWith('https:');
  return new Hono().get('/session', async (c) => {
    const state = await redeemPortalSession(db, (c.req.query('token') ?? '').slice(0, 200));
    if (!state.ok) {
      const { status, title, text } = REFUSED[state.reason];
      const back = state.returnUrl
        ? { href: state.returnUrl, label: `Back to ${new URL(state.returnUrl).host}` }
        : { href: '/portal', label: 'Sign in by e-mail instead' };
      return c.html(<PortalMessagePage title={title} message={text} back={back} />, status);
    }
    const token = await openPortalSession(db, state.customerId, state.returnUrl);
    setCookie(c, PORTAL_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure, path: '/portal', maxAge: PORTAL_SESSION_TTL_MS / 1000 });
    return c.redirect('/portal', 303);
  });
}
