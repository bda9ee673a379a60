import Stripe from 'stripe';

/** What a Stripe client is built from: a process or thread that needs one builds its own from it. */
export interface StripeConnection {
  secretKey: string;
  /** the emulator's base URL; absent for Stripe itself */
  emulatorUrl?: string;
}

/**
 * The one place a Stripe client is built. Against the emulator the official SDK is pointed
 * at it with host/port/protocol, so Recur speaks to both through the same code.
 */
export function createStripeClient(secretKey: string, emulatorUrl?: string): Stripe {
  const common = { maxNetworkRetries: 2, timeout: 20_000, appInfo: { name: 'Recur' } };
  if (!emulatorUrl) return new Stripe(secretKey, common);
  const url = new URL(emulatorUrl);
  return new Stripe(secretKey, {
    ...common,
    host: url.hostname,
    port: Number(url.port),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
  });
}

/**
 * The API version the SDK pins (stripe@23: `2026-10-28.endive`): every request Recur makes is read
 * in it, and Recur's own webhook endpoint is registered with it, so events arrive in the shape the
 * SDK's types describe. Taken from the SDK so an upgrade moves both at once.
 */
export const PINNED_API_VERSION: Stripe.LatestApiVersion = Stripe.API_VERSION;

/** The key Recur uses with its embedded emulator, which accepts any sk_test_ key. */
export const EMULATOR_SECRET_KEY = 'sk_test_recur_embedded_emulator';
