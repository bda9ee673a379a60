import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import type { Receiver } from '../helpers/emulator';
import { recurringPrice, startReceiver, waitFor } from '../helpers/emulator';
import { startOpsEmulator } from '../helpers/ops';
import type { LegacyInvoice, WireEvent } from '../helpers/api-versions';
import { delivered, PINNED, v1Request } from '../helpers/api-versions';

const OLD = '2024-06-20';
const dir = mkdtempSync(join(tmpdir(), 'emulator-versions-'));
const receivers: Receiver[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function paidSubscription(stripe: Stripe, price: Stripe.Price): Promise<{ sub: Stripe.Subscription; invoiceId: string }> {
  const customer = await stripe.customers.create({ email: 'account@x.io', invoice_settings: { default_payment_method: 'pm_card_visa' } });
  const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
  return { sub, invoiceId: typeof sub.latest_invoice === 'string' ? sub.latest_invoice : '' };
}

function invoiceEvent(events: WireEvent<LegacyInvoice>[], type: string, invoiceId: string): WireEvent<LegacyInvoice> | undefined {
  return events.find((e) => e.type === type && e.data.object.id === invoiceId);
}

describe('the account default API version', () => {
  // stripe-node EventResource.list (from Stripe's OpenAPI spec): "Each event data is rendered according
  // to Stripe API version at its creation time, specified in event object api_version attribute (not
  // according to your current Stripe API version or Stripe-Version header)". Webhook versioning guide:
  // endpoints without a version "use the default API version of the Stripe account".
  it('renders each event in the version it was created in, and versionless endpoints in the new default', async () => {
    const dataFile = join(dir, 'state.json');
    const first = await startOpsEmulator({ dataFile });
    const price = await recurringPrice(first.stripe, 1200, 'Before');
    const before = await paidSubscription(first.stripe, price);
    await first.emulator.close();

    const second = await startOpsEmulator({ dataFile, apiVersion: OLD });
    try {
      const r = await startReceiver();
      receivers.push(r);
      const plain = await second.stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['invoice.paid'] });
      expect(plain.api_version).toBeNull();
      const after = await paidSubscription(second.stripe, price);

      const res = await v1Request(second.emulator, 'GET', '/v1/events?type=invoice.paid&limit=100');
      expect(res.status).toBe(200);
      const listed: { data: WireEvent<LegacyInvoice>[] } = await res.json();
      const kept = invoiceEvent(listed.data, 'invoice.paid', before.invoiceId);
      expect(kept?.api_version).toBe(PINNED);
      expect(kept?.data.object).toMatchObject({ parent: { subscription_details: { subscription: before.sub.id } } });
      expect(kept?.data.object).not.toHaveProperty('subscription');
      const made = invoiceEvent(listed.data, 'invoice.paid', after.invoiceId);
      expect(made?.api_version).toBe(OLD);
      expect(made?.data.object).toMatchObject({ subscription: after.sub.id, paid: true, payment_intent: expect.stringMatching(/^pi_/) });
      expect(made?.data.object).not.toHaveProperty('parent');

      const one = await v1Request(second.emulator, 'GET', `/v1/events/${made?.id ?? ''}`);
      const retrieved: WireEvent<LegacyInvoice> = await one.json();
      expect(retrieved).toMatchObject({ api_version: OLD, data: { object: { subscription: after.sub.id } } });

      await waitFor(() => delivered<LegacyInvoice>(r, 'invoice.paid', after.invoiceId).length === 1);
      const sent = delivered<LegacyInvoice>(r, 'invoice.paid', after.invoiceId)[0];
      expect(sent.api_version).toBe(OLD);
      expect(sent.data.object).toMatchObject({ subscription: after.sub.id, charge: expect.stringMatching(/^ch_/) });
    } finally {
      await second.emulator.close();
    }
  });

  it('will not start with an account version Stripe does not have', async () => {
    await expect(startOpsEmulator({ apiVersion: '2024-13-01' })).rejects.toThrow(/Unknown Stripe API version/);
  });
});

describe('Stripe-Version on API requests', () => {
  // "How API versioning works" (docs.stripe.com/api-versions): each request runs in the version of its
  // Stripe-Version header, else the SDK's pinned one, else the account default. The emulator renders
  // API objects only in the SDK's pinned version, so it refuses any other rather than answer in a shape
  // that version never had. An unknown version gets Stripe's "Invalid Stripe API version: …"
  // (as reported in stripe/stripe-java#682 and pay-rails/pay#680).
  it('answers the pinned version, refuses other real versions and rejects unknown ones', async () => {
    const t = await startOpsEmulator();
    try {
      expect((await v1Request(t.emulator, 'GET', '/v1/customers')).status).toBe(200);
      // No header: the account default, which is the pinned version here.
      expect((await v1Request(t.emulator, 'GET', '/v1/customers', { version: null })).status).toBe(200);

      const older = await v1Request(t.emulator, 'GET', '/v1/customers', { version: OLD });
      expect(older.status).toBe(400);
      const olderBody: { error: { type: string; message: string } } = await older.json();
      expect(olderBody.error.type).toBe('invalid_request_error');
      expect(olderBody.error.message).toContain(PINNED);

      const unknown = await v1Request(t.emulator, 'POST', '/v1/customers', { version: '2024-6-20', form: { email: 'v@x.io' } });
      expect(unknown.status).toBe(400);
      expect(await unknown.json()).toEqual({ error: { type: 'invalid_request_error', message: 'Invalid Stripe API version: 2024-6-20' } });
      expect((await t.stripe.customers.list()).data).toEqual([]);
    } finally {
      await t.emulator.close();
    }
  });

  it('refuses a request without the header when the account default is not the pinned version', async () => {
    const t = await startOpsEmulator({ apiVersion: OLD });
    try {
      expect((await v1Request(t.emulator, 'GET', '/v1/customers', { version: null })).status).toBe(400);
      // The SDK names its version on every request, so it keeps working.
      expect((await t.stripe.customers.list()).object).toBe('list');
    } finally {
      await t.emulator.close();
    }
  });
});
