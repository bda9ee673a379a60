import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { Setting } from '../../server/db/models';
import { PINNED_API_VERSION } from '../../server/stripe/client';
import { registerWebhookEndpoint, webhookSetup } from '../../server/stripe/webhookEndpoint';
import { startTestRecur, TEST_WEBHOOK_SECRET, type TestRecur } from '../helpers/recur';

let recur: TestRecur;
beforeAll(async () => {
  recur = await startTestRecur();
});
afterAll(() => recur.close());

async function endpointsAt(url: string): Promise<Stripe.WebhookEndpoint[]> {
  return (await recur.stripe.webhookEndpoints.list({ limit: 100 })).data.filter((e) => e.url === url);
}

describe('registering Recur’s webhook endpoint', () => {
  // stripe@23 pins 2026-10-28.endive; "Events sent to this endpoint will be generated with this Stripe
  // Version instead of your account's default Stripe Version" (docs.stripe.com/api/webhook_endpoints/create).
  it('gives it the SDK’s pinned API version', async () => {
    expect(PINNED_API_VERSION).toBe('2026-10-28.endive');
    const url = 'http://127.0.0.1:1/first/webhooks/stripe';
    expect(await registerWebhookEndpoint(recur.stripe, recur.db, url, TEST_WEBHOOK_SECRET)).toBe(TEST_WEBHOOK_SECRET);
    const [endpoint, ...others] = await endpointsAt(url);
    expect(others).toEqual([]);
    expect(endpoint).toMatchObject({ api_version: PINNED_API_VERSION, enabled_events: ['*'] });
    // Registered again with nothing changed: the same endpoint is kept.
    await registerWebhookEndpoint(recur.stripe, recur.db, url, TEST_WEBHOOK_SECRET);
    expect((await endpointsAt(url)).map((e) => e.id)).toEqual([endpoint!.id]);
  });

  // An endpoint's API version cannot be changed: the update parameters have no api_version
  // (docs.stripe.com/api/webhook_endpoints/update). One an older Recur made without it is replaced.
  it('replaces the endpoint it registered before in another version', async () => {
    const url = 'http://127.0.0.1:1/older/webhooks/stripe';
    const older = await recur.stripe.webhookEndpoints.create({ url, enabled_events: ['*'] });
    expect(older.api_version).toBeNull();
    const value = JSON.stringify({ id: older.id, url, secret: older.secret });
    await recur.db.write((transaction) => Setting.upsert({ key: 'stripe_webhook_endpoint', value }, { transaction }));

    const secret = await registerWebhookEndpoint(recur.stripe, recur.db, url);
    const [current, ...others] = await endpointsAt(url);
    expect(others).toEqual([]);
    expect(current!.id).not.toBe(older.id);
    expect(current!.api_version).toBe(PINNED_API_VERSION);
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(older.secret);
  });
});

describe('which endpoint Recur uses (webhookSetup)', () => {
  const config = (env: Record<string, string>) => loadConfig({ PORT: '3000', ...env });

  it('registers its own against the emulator, with the emulator-only secret when one is given', () => {
    expect(webhookSetup(config({}))).toEqual({ register: true, url: 'http://127.0.0.1:3000/webhooks/stripe', emulatorSecret: undefined });
    expect(webhookSetup(config({ STRIPE_WEBHOOK_SECRET: 'whsec_fixed' }))).toEqual({
      register: true,
      url: 'http://127.0.0.1:3000/webhooks/stripe',
      emulatorSecret: 'whsec_fixed',
    });
  });

  // DESIGN §2/§5: the `secret` parameter is an emulator extension; real Stripe generates the
  // secret and returns it "only at creation" (docs.stripe.com/api/webhook_endpoints/object, secret).
  it('registers its own with real Stripe from PUBLIC_URL, never with the emulator’s secret extension', () => {
    for (const key of ['sk_test_abc', 'sk_live_abc']) {
      const setup = webhookSetup(config({ STRIPE_SECRET_KEY: key, PUBLIC_URL: 'https://billing.example.com' }));
      expect(setup).toEqual({ register: true, url: 'https://billing.example.com/webhooks/stripe' });
    }
  });

  it('uses an endpoint made elsewhere with STRIPE_WEBHOOK_SECRET, and says it cannot choose its version', () => {
    const envs: Record<string, string>[] = [
      { STRIPE_SECRET_KEY: 'sk_live_abc' },
      { STRIPE_SECRET_KEY: 'sk_test_abc', PUBLIC_URL: 'https://billing.example.com' },
    ];
    for (const env of envs) {
      const setup = webhookSetup(config({ ...env, STRIPE_WEBHOOK_SECRET: 'whsec_from_dashboard' }));
      expect(setup).toMatchObject({ register: false, secret: 'whsec_from_dashboard' });
      if (setup.register) throw new Error('unreachable');
      expect(setup.notice).toContain('cannot choose its API version');
      expect(setup.notice).toContain(PINNED_API_VERSION);
    }
  });
});
