import type { MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from './env';
import { FormError, parseForm, parseFormBody } from './form';
import { badRequest } from './errors';

/** GET and DELETE carry params in the query string, POST in a form body — Stripe reads both the same way. */
export const formParams: MiddlewareHandler<EmulatorEnv> = async (c, next) => {
  try {
    const query = parseForm(new URL(c.req.url).searchParams);
    if (c.req.method === 'POST') {
      const type = c.req.header('content-type') ?? '';
      const text = await c.req.text();
      if (text !== '' && type.includes('json')) {
        throw badRequest('Invalid request: the Stripe API takes application/x-www-form-urlencoded bodies.');
      }
      c.set('form', { ...query, ...parseFormBody(text) });
    } else {
      c.set('form', query);
    }
  } catch (err) {
    if (err instanceof FormError) throw badRequest(err.message, err.param);
    throw err;
  }
  await next();
};
