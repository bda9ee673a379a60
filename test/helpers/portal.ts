import { QueryTypes } from 'sequelize';
import type { RecurApp } from '../../server/app';
import type { TestRecur } from './recur';

/** The sign-in link a message shows, if it still shows one (the outbox redacts spent ones). */
export const signInLinkIn = (text: string | null | undefined): string | null => /(https?:\/\/\S+\/portal\/auth\?token=[\w-]+)/.exec(text ?? '')?.[1] ?? null;

/**
 * The newest magic link in the outbox for an address, as a developer without SMTP_URL reads it in
 * the admin: the sender makes the link and the message in its own turn, so this runs it first.
 * Null when no message went to that address, or its link is no longer shown.
 */
export async function linkFromOutbox(recur: TestRecur, email: string): Promise<string | null> {
  await recur.sender.flush();
  const rows = await recur.db.sequelize.query<{ text_body: string | null }>(
    `SELECT text_body FROM notifications WHERE template = 'magic_link' AND to_address = $1 ORDER BY id DESC LIMIT 1`,
    { bind: [email], type: QueryTypes.SELECT },
  );
  return signInLinkIn(rows[0]?.text_body);
}

export function form(values: Record<string, string>): RequestInit {
  return { method: 'POST', body: new URLSearchParams(values), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

export interface PortalClient {
  cookie: string;
  csrf: string;
  get(path: string): Promise<Response>;
  post(path: string, values?: Record<string, string>): Promise<Response>;
}

/** Asks for a link, opens it, and returns a client carrying the portal cookie and the page's CSRF token. */
export async function portalSignIn(recur: TestRecur, email: string): Promise<PortalClient> {
  const asked = await recur.app.request('/portal/login', form({ email }));
  if (asked.status !== 200) throw new Error(`login answered ${asked.status}`);
  const link = await linkFromOutbox(recur, email);
  if (!link) throw new Error(`no magic link for ${email}`);
  return openLink(recur.app, link);
}

/**
 * Opens a sign-in link as a person does: the GET shows a Sign in button (spending nothing), whose
 * POST signs in. Returns a client carrying the portal cookie and the page's CSRF token.
 */
export async function openLink(app: RecurApp, link: string): Promise<PortalClient> {
  const url = new URL(link);
  const shown = await app.request(`${url.pathname}${url.search}`);
  if (shown.status !== 200) throw new Error(`the link answered ${shown.status}`);
  const token = /name="token" value="([^"]+)"/.exec(await shown.text())?.[1];
  if (!token) throw new Error("the link's page has no Sign in form");
  const opened = await app.request('/portal/auth', form({ token }));
  if (opened.status !== 303) throw new Error(`signing in answered ${opened.status}`);
  const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0]!;
  const page = await (await app.request('/portal', { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return {
    cookie,
    csrf,
    get: async (path) => app.request(path, { headers: { cookie } }),
    post: async (path, values = {}) => {
      const init = form({ csrf, ...values });
      return app.request(path, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } });
    },
  };
}
