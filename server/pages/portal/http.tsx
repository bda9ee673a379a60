/** @jsxImportSource hono/jsx */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { HttpError } from '../../errors';
import type { Logger } from '../../logger';
import { csrfMatches, PORTAL_COOKIE, resolvePortalSession, type PortalSignIn } from '../../portal/sessions';
import { PORTAL_ID } from '../../../shared/portal';
import { PortalMessagePage } from './PortalSignInPage';

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

/** Errors of the portal are pages, not JSON: the person is in a browser. */
export function pageError(c: Context, error: unknown, log: Logger) {
  if (error instanceof HttpError) {
    const title = error.status === 404 ? 'Not found' : error.status === 409 ? 'That cannot be done now' : 'Please check and try again';
    return c.html(<PortalMessagePage title={title} message={error.message} />, error.status);
  }
  log.error({ err: error, path: c.req.path }, 'portal error');
  return c.html(<PortalMessagePage title="Something went wrong" message="Something went wrong on our side; nothing was changed. Try again in a moment." />, 500);
}

/**
 * Signed-in customers only. GETs without a session go to the sign-in form; a POST must carry the
 * session's CSRF token, so another site cannot submit the portal's forms for the customer.
 */
export const requireCustomer: MiddlewareHandler<PortalEnv> = async (c, next) => {
  const signIn = await resolvePortalSession(getCookie(c, PORTAL_COOKIE));
  if (!signIn) {
    if (c.req.method === 'GET') return c.redirect('/portal', 303);
    return c.html(<PortalMessagePage title="Signed out" message="Your session has ended. Sign in again to continue; nothing was changed." back={{ href: '/portal', label: 'Sign in' }} />, 401);
  }
  c.set('signIn', signIn);
  if (c.req.method === 'POST') {
    const form = await formBody(c);
    if (!csrfMatches(signIn, form.csrf)) {
      return c.html(<PortalMessagePage title="Form expired" message="This form is out of date or did not come from this page. Reload the page and try again; nothing was changed." />, 403);
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
