import { QueryTypes } from 'sequelize';
import type { RecurApp } from '../../server/app';
import type { TestRecur } from './recur';

/** The newest magic link queued in the outbox for an address (the notifications table). */
export async function linkFromOutbox(recur: TestRecur, email: string): Promise<string | null> {
  const rows = await recur.db.sequelize.query<{ data: string }>(
    `SELECT data FROM notifications WHERE template = 'magic_link' AND to_address = $1 ORDER BY id DESC LIMIT 1`,
    { bind: [email], type: QueryTypes.SELECT },
  );
  const data = rows[0] ? (JSON.parse(rows[0].data) as { link?: string }) : null;
  return data?.link ?? null;
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

export async function openLink(app: RecurApp, link: string): Promise<PortalClient> {
  const url = new URL(link);
  const opened = await app.request(`${url.pathname}${url.search}`);
  if (opened.status !== 303) throw new Error(`the link answered ${opened.status}`);
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
