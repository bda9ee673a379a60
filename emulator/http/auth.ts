import type { MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from './env';
import { StripeApiError } from './errors';

function keyFrom(header: string | undefined): string | null {
  if (!header) return null;
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1];
  // Stripe also takes the key as the Basic-auth user name (curl -u sk_test_...:).
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (basic) return Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0];
  return null;
}

function redact(key: string): string {
  return key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}` : key;
}

/** Any test-mode secret key is accepted: the emulator has one account, and no real keys exist here. */
export const auth: MiddlewareHandler<EmulatorEnv> = async (c, next) => {
  const key = keyFrom(c.req.header('authorization'));
  if (key === null) {
    throw new StripeApiError(401, {
      type: 'invalid_request_error',
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    });
  }
  if (!key.startsWith('sk_test_') || key.length <= 'sk_test_'.length) {
    throw new StripeApiError(401, {
      type: 'invalid_request_error',
      code: 'api_key_invalid',
      message: `Invalid API Key provided: ${redact(key)}`,
    });
  }
  await next();
};
