import type { RecurApp } from '../../server/app';

export interface JsonRequest {
  /** the session cookie (signInCookie); none: signed out */
  cookie?: string;
  /** sent as JSON; a string is sent as it is (for malformed bodies) */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A request to the app as the admin panel sends it: JSON, with the session cookie. */
export function jsonRequest(app: RecurApp, method: string, path: string, { cookie, body, headers }: JsonRequest = {}): Promise<Response> | Response {
  return app.request(path, {
    method,
    headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** `filter=<json>` as ra-data-simple-rest sends a list's filter. */
export const filterQuery = (filter: object) => `filter=${encodeURIComponent(JSON.stringify(filter))}`;
