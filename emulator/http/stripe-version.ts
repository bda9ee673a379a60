import type { MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from './env';
import { StripeApiError } from './errors';
import { isApiVersion, PINNED_API_VERSION } from '../events/api-versions';

/**
 * The version a /v1 request is answered in: its `Stripe-Version` header, or the account default
 * when it sends none (Stripe's rule; the SDK always sends its pinned version). The emulator renders
 * API objects only in the pinned version, so any other real version is refused rather than answered
 * in a shape that version never had; webhook endpoints and events do render older versions.
 */
export function stripeVersion(accountVersion: string): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const version = c.req.header('stripe-version') ?? accountVersion;
    if (version !== PINNED_API_VERSION) {
      // Stripe's answer to a version it does not know (seen in stripe-java#682, pay-rails/pay#680).
      if (!isApiVersion(version)) {
        throw new StripeApiError(400, { type: 'invalid_request_error', message: `Invalid Stripe API version: ${version}` });
      }
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        message:
          `The Stripe emulator answers API requests only in ${PINNED_API_VERSION} (the stripe SDK's pinned version), ` +
          `not ${version}. Send Stripe-Version: ${PINNED_API_VERSION}; webhook endpoints and events can still use ${version}.`,
      });
    }
    await next();
  };
}
