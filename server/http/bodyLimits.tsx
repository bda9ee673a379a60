/** @jsxImportSource hono/jsx */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from '../errors';
import { Layout } from '../pages/Layout';
import { SIGNUP_HEADERS } from '../pages/signupHeaders';

const KiB = 1024;

/**
 * Stripe documents no largest event, but what an event carries is bounded: metadata is at most 50
 * keys of 40 and 500 characters (docs.stripe.com/api/metadata), lists inside objects come a page at a
 * time, so real events weigh kilobytes to tens of kilobytes. 1 MiB leaves a wide margin and bounds
 * what an unverified request can make Recur hold in memory before the signature is checked.
 */
export const MAX_WEBHOOK_BYTES = 1024 * KiB;

/**
 * The admin and integration API. Its largest valid bodies are an e-mail template (subject, text
 * and HTML bodies: 70,200 characters) and a signup form (20 fields of 30 options: about 53,000
 * characters), sent back whole by react-admin's Edit with the record's read-only fields. In a
 * non-Latin script a character is 3 bytes of UTF-8, so the template can weigh about 211 KB.
 */
export const MAX_API_BYTES = 256 * KiB;

/**
 * The API the business's own apps call (/api/v1): its largest bodies are a signup link (an external
 * id, an e-mail, a name, a plan and a form) and a portal session (an id and a return URL of at most a
 * few thousand characters), a few KB even with every character escaped as \uXXXX. An app sends them
 * from its own servers, often many at once, so a tight limit costs nothing and bounds what each holds.
 */
export const MAX_V1_BYTES = 16 * KiB;

/** `{email, password}`: at most 254 + 1,024 characters, under 8 KiB even with every character escaped. */
export const MAX_LOGIN_BYTES = 8 * KiB;

/**
 * A signup form post: e-mail, name and up to 20 custom answers of 500 characters. Browsers
 * percent-encode each byte of a non-ASCII character (9 bytes for 1 character), so a full form in a
 * non-Latin script is about 94 KB.
 */
export const MAX_SIGNUP_BYTES = 128 * KiB;

/** The portal's forms carry an e-mail address, a CSRF token, ids and a confirmation. */
export const MAX_PORTAL_BYTES = 16 * KiB;

/** Everything else (health, the admin app's files, unknown paths) takes no body at all. */
export const MAX_OTHER_BYTES = 16 * KiB;

interface Rule {
  /** the path itself or anything under it */
  prefix: string;
  bytes: number;
  /** pages answer with a page, everything else with JSON */
  page?: 'signup' | 'portal';
}

/** The first rule whose prefix matches decides: the login and /api/v1 before the rest of /api. */
export const BODY_LIMIT_RULES: readonly Rule[] = [
  { prefix: '/webhooks', bytes: MAX_WEBHOOK_BYTES },
  { prefix: '/api/auth', bytes: MAX_LOGIN_BYTES },
  { prefix: '/api/v1', bytes: MAX_V1_BYTES },
  { prefix: '/api', bytes: MAX_API_BYTES },
  { prefix: '/signup', bytes: MAX_SIGNUP_BYTES, page: 'signup' },
  { prefix: '/portal', bytes: MAX_PORTAL_BYTES, page: 'portal' },
];

const OTHER: Rule = { prefix: '/', bytes: MAX_OTHER_BYTES };

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

export function bodyLimitFor(path: string): Rule {
  return BODY_LIMIT_RULES.find((rule) => under(path, rule.prefix)) ?? OTHER;
}

const readable = (bytes: number) => (bytes >= 1024 * KiB ? `${bytes / (1024 * KiB)} MiB` : `${bytes / KiB} KiB`);

function tooLargePage(c: Context, rule: Rule): Response {
  // An embedded signup form keeps its framing policy, so the visitor sees this page in the frame.
  if (rule.page === 'signup') for (const [name, value] of Object.entries(SIGNUP_HEADERS)) c.header(name, value);
  const page = (
    <Layout title="Too much data">
      <h1>Too much data</h1>
      <p>The form sent more than this page takes (at most {readable(rule.bytes)}). Nothing was saved. Go back, shorten what you typed, and send it again.</p>
    </Layout>
  );
  return c.html(`<!DOCTYPE html>${page.toString()}`, 413);
}

/**
 * Every request's body, limited by where it goes, with hono's body-limit middleware. It runs before
 * any handler: a Content-Length over the limit is refused without reading a byte, and a chunked body
 * is counted as it streams in and refused the moment it passes the limit, so a 600 MB body is never
 * held. @hono/node-server then discards what the client still sends (briefly) and closes the socket.
 */
export function bodyLimits(): MiddlewareHandler {
  const limiters = new Map<Rule, MiddlewareHandler>(
    [...BODY_LIMIT_RULES, OTHER].map((rule) => [
      rule,
      bodyLimit({
        maxSize: rule.bytes,
        onError: (c) => {
          if (rule.page) return tooLargePage(c, rule);
          throw new PayloadTooLargeError(`The request body is too large: this route takes at most ${rule.bytes} bytes (${readable(rule.bytes)})`);
        },
      }),
    ]),
  );
  return (c, next) => {
    // Asking the request for its body (hono's middleware does, first thing) makes
    // @hono/node-server build a full web Request around a stream: about a sixth of the request
    // thread's CPU per webhook delivery. Only a chunked body needs that, to be counted as it comes.
    // GET and HEAD carry no body here (@hono/node-server gives them none).
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const rule = bodyLimitFor(c.req.path);
    // A declared length is what Node's parser reads, no more (hono trusts it the same way).
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined && Number.parseInt(length, 10) <= rule.bytes) return next();
    return limiters.get(rule)!(c, next);
  };
}
