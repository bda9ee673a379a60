import type { MiddlewareHandler } from 'hono';

/**
 * The signup pages are meant to be embedded (the admin's iframe snippet), so any site may frame
 * them and X-Frame-Options is not sent; everything else stays locked down. No form-action: the
 * form's POST answers with a redirect to Stripe Checkout, which form-action would block.
 */
export const SIGNUP_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "frame-ancestors *; default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

/** Set before the handler runs, so every answer (pages, redirects, errors) carries them. */
export const signupHeaders: MiddlewareHandler = async (c, next) => {
  for (const [name, value] of Object.entries(SIGNUP_HEADERS)) c.header(name, value);
  await next();
};
