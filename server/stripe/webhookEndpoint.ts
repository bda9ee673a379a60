import type Stripe from 'stripe';
import { publicUrl, stripeMode, type Config } from '../config';
import { Setting } from '../db/models';
import type { Database } from '../db/sequelize';
import { PINNED_API_VERSION } from './client';

const SETTING_KEY = 'stripe_webhook_endpoint';

interface StoredEndpoint {
  id: string;
  url: string;
  secret: string;
}

/** The emulator's test-only extension: a caller-chosen signing secret (DESIGN §2, emulator/README.md). */
type EndpointParams = Stripe.WebhookEndpointCreateParams & { secret?: string };

/**
 * How Recur gets its webhook deliveries: it registers its own endpoint (the emulator, or real Stripe
 * with PUBLIC_URL), or an endpoint someone else made signs with STRIPE_WEBHOOK_SECRET. Only an
 * endpoint Recur registers has the API version Recur reads (`api_version` cannot be changed on an
 * existing endpoint, docs.stripe.com/api/webhook_endpoints/update).
 */
export type WebhookSetup =
  | {
      register: true;
      url: string;
      /** emulator mode only: the `secret` extension real Stripe does not have */
      emulatorSecret?: string;
    }
  | { register: false; secret: string; notice: string };

export function webhookSetup(config: Config): WebhookSetup {
  const mode = stripeMode(config);
  if (mode === 'emulator') {
    // Stripe must reach the webhook route: locally through the loopback address, else PUBLIC_URL.
    const base = config.PUBLIC_URL ?? `http://127.0.0.1:${config.PORT}`;
    return { register: true, url: `${base}/webhooks/stripe`, emulatorSecret: config.STRIPE_WEBHOOK_SECRET };
  }
  if (config.STRIPE_WEBHOOK_SECRET) {
    return {
      register: false,
      secret: config.STRIPE_WEBHOOK_SECRET,
      notice:
        `STRIPE_WEBHOOK_SECRET is set, so the webhook endpoint is not Recur's own and Recur cannot choose its API version. ` +
        `Give the endpoint API version ${PINNED_API_VERSION}; events in any other version are not read, their objects are re-read from Stripe.`,
    };
  }
  // loadConfig refuses a live key with neither STRIPE_WEBHOOK_SECRET nor PUBLIC_URL.
  return { register: true, url: `${publicUrl(config)}/webhooks/stripe` };
}

/**
 * Registers Recur's endpoint with Stripe (or the emulator) and returns the secret to verify with.
 * The endpoint gets the SDK's pinned API version, so deliveries arrive in the shape Recur reads;
 * without one, Stripe renders them in the account's default version (docs.stripe.com/webhooks/versioning).
 * Stripe shows an endpoint's secret only when it is created, so Recur keeps it in settings and
 * re-creates the endpoint when the stored one no longer exists (an emulator restarted empty) or
 * has another API version (registered by an older Recur).
 *
 * @param emulatorSecret only when `stripe` talks to the emulator: the signing secret to give the endpoint
 */
export async function registerWebhookEndpoint(stripe: Stripe, db: Database, url: string, emulatorSecret?: string): Promise<string> {
  const stored = await loadStored();
  const existing = await findEndpoint(stripe, url);
  const current =
    existing && stored?.id === existing.id && existing.api_version === PINNED_API_VERSION && (!emulatorSecret || stored.secret === emulatorSecret);
  if (current) return stored.secret;
  if (existing) await stripe.webhookEndpoints.del(existing.id);

  const params: EndpointParams = {
    url,
    enabled_events: ['*'],
    api_version: PINNED_API_VERSION,
    description: 'Recur',
    metadata: { managedBy: 'recur' },
  };
  if (emulatorSecret) params.secret = emulatorSecret;
  const created = await stripe.webhookEndpoints.create(params);
  const secret = emulatorSecret ?? created.secret;
  if (!secret) throw new Error('Stripe did not return a signing secret for the new webhook endpoint');
  const value = JSON.stringify({ id: created.id, url, secret } satisfies StoredEndpoint);
  await db.write((transaction) => Setting.upsert({ key: SETTING_KEY, value }, { transaction }));
  return secret;
}

async function loadStored(): Promise<StoredEndpoint | null> {
  const row = await Setting.findByPk(SETTING_KEY);
  return row ? (JSON.parse(row.value) as StoredEndpoint) : null;
}

async function findEndpoint(stripe: Stripe, url: string): Promise<Stripe.WebhookEndpoint | undefined> {
  for await (const endpoint of stripe.webhookEndpoints.list({ limit: 100 })) {
    if (endpoint.url === url) return endpoint;
  }
  return undefined;
}
