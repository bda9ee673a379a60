import type Stripe from 'stripe';
import { Setting } from '../db/models';
import type { Database } from '../db/sequelize';

const SETTING_KEY = 'stripe_webhook_endpoint';

interface StoredEndpoint {
  id: string;
  url: string;
  secret: string;
}

/** The emulator's test-only extension: a caller-chosen signing secret (DESIGN §2). */
type EndpointParams = Stripe.WebhookEndpointCreateParams & { secret?: string };

/**
 * Registers Recur's endpoint with Stripe (or the emulator) and returns the secret to verify with.
 * Stripe shows an endpoint's secret only when it is created, so Recur keeps it in settings and
 * re-creates the endpoint when the stored one no longer exists (an emulator restarted empty).
 */
export async function registerWebhookEndpoint(
  stripe: Stripe,
  db: Database,
  url: string,
  fixedSecret?: string,
): Promise<string> {
  const stored = await loadStored();
  const existing = await findEndpoint(stripe, url);
  if (existing && stored?.id === existing.id && (!fixedSecret || stored.secret === fixedSecret)) return stored.secret;
  if (existing) await stripe.webhookEndpoints.del(existing.id);

  const params: EndpointParams = {
    url,
    enabled_events: ['*'],
    description: 'Recur',
    metadata: { managedBy: 'recur' },
  };
  if (fixedSecret) params.secret = fixedSecret;
  const created = await stripe.webhookEndpoints.create(params);
  const secret = fixedSecret ?? created.secret;
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
