import type { MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from '../http/env';
import type { Runtime } from '../runtime';

/** Hosted pages live on the emulator itself; links to them use the public URL, else the origin requests use. */
export function hostedUrl(rt: Runtime, path: string): string {
  return `${rt.publicUrl ?? rt.requestOrigin ?? 'http://127.0.0.1:12111'}${path}`;
}

export function rememberOrigin(rt: Runtime): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    if (rt.publicUrl === null) rt.requestOrigin = new URL(c.req.url).origin;
    await next();
  };
}

/** The page where a cardholder completes (or fails) 3D Secure for a PaymentIntent or SetupIntent. */
export function authenticationUrl(rt: Runtime, intentId: string): string {
  return hostedUrl(rt, `/3ds/${intentId}`);
}

/** Stripe's hosted invoice page: see the invoice, pay it, or confirm a payment that needs authentication. */
export function hostedInvoiceUrl(rt: Runtime, invoiceId: string): string {
  return hostedUrl(rt, `/i/${invoiceId}`);
}
