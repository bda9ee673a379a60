/** @jsxImportSource hono/jsx */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { HttpError } from '../../errors';
import type { Logger } from '../../logger';
import { csrfMatches, PORTAL_COOKIE, resolvePortalSession, type PortalSignIn } from '../../portal/sessions';
import { PORTAL_ID } from '../../../shared/portal';
import { PortalMessagePage, PortalSignInPage } from './PortalSignInPage';

export interface PortalEnv {
  Variables: { signIn: PortalSignIn; form: Record<string, unknown> };
}

/** Portal pages never end up in a shared cache, load nothing from elsewhere, and cannot be framed. */
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'";

export function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

export async function formBody(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return {};
  return c.req.parseBody().catch(() => ({}));
}

/** A used, expired or unknown sign-in link: said plainly, with the form for a new one. */
export function linkNotValid(c: Context, reason: 'invalid' | 'used' | 'expired') {
  const text = {
    invalid: 'This sign-in link is not valid. Ask for a new one below.',
    used: 'This sign-in link was already used; each link works once. Ask for a new one below.',
    expired: 'This sign-in link has expired. Ask for a new one below.',
  }[reason];
  return c.html(<PortalSignInPage title="Sign-in link not valid" notice={{ text, tone: 'bad' }} />, reason === 'invalid' ? 400 : 410);
}

const SAME_SITE_FETCH = new Set(['same-origin', 'none']);

/**
 * Whether the browser says this POST comes from another site (its Origin, or Sec-Fetch-Site).
 * Signing in by a sign-in link's POST needs no session, so nothing else would stop another site
 * from posting its own link's token and signing a visitor into that other customer's portal.
 */
export function crossSite(c: Context, baseUrl: string): boolean {
  const origin = c.req.header('origin');
  // "null" is what a browser sends from a page with no-referrer (every portal page): Sec-Fetch-Site decides then.
  if (origin !== undefined && origin !== 'null' && origin !== new URL(baseUrl).origin && origin !== new URL(c.req.url).origin) return true;
  const site = c.req.header('sec-fetch-site');
  return site !== undefined && !SAME_SITE_FETCH.has(site);
}

/** Errors of the portal are pages, not JSON: the person is in a browser. */
export function pageError(c: Context, error: unknown, log: Logger) {
  if (error instanceof HttpError) {
    const title = error.status === 404 ? 'Not found' : error.status === 409 ? 'That cannot be done now' : 'Please check and try again';
    return c.html(<PortalMessagePage title={title} message={error.message} />, error.status);
  }
  log.error({ err: error, path: c.req.path }, 'portal error');
  return c.html(
    <PortalMessagePage title="Something went wrong" message="Something went wrong on our side; nothing was changed. Try again in a moment." />,
    500,
  );
}

/**
 * Signed-in customers only. GETs without a session go to the sign-in form; a POST must carry the
 * session's CSRF token, so another site cannot submit the portal's forms for the customer.
 */
export const requireCustomer: MiddlewareHandler<PortalEnv> = async (c, next) => {
  const signIn = await resolvePortalSession(getCookie(c, PORTAL_COOKIE));
  if (!signIn) {
    if (c.req.method === 'GET') return c.redirect('/portal', 303);
    return c.html(
      <PortalMessagePage
        title="Signed out"
        message="Your session has ended. Sign in again to continue; nothing was changed."
        back={{ href: '/portal', label: 'Sign in' }}
      />,
      401,
    );
  }
  c.set('signIn', signIn);
  if (c.req.method === 'POST') {
    const form = await formBody(c);
    if (!csrfMatches(signIn, form.csrf)) {
      return c.html(
        <PortalMessagePage
          title="Form expired"
          message="This form is out of date or did not come from this page. Reload the page and try again; nothing was changed."
        />,
        403,
      );
    }
    c.set('form', form);
  }
  await next();
};

/** A path id, or null for anything that is not one (answered 404 by the caller). */
export function pathId(c: Context): number | null {
  const raw = c.req.param('id') ?? '';
  return PORTAL_ID.test(raw) ? Number(raw) : null;
}
