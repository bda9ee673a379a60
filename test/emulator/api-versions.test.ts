import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receiver } from '../helpers/emulator';
import { recurringPrice, startReceiver, waitFor } from '../helpers/emulator';
import { startOpsEmulator } from '../helpers/ops';
import { advanceClock, clockCustomer, monthStart } from '../helpers/clock';
import type { LegacyInvoice, LegacySubscription } from '../helpers/api-versions';
import { delivered, PINNED, postForm } from '../helpers/api-versions';

const OLD = '2024-06-20';
let t: Awaited<ReturnType<typeof startOpsEmulator>>;
let price: Stripe.Price;
const receivers: Receiver[] = [];

beforeAll(async () => {
  t = await startOpsEmulator();
  price = await recurringPrice(t.stripe, 2500, 'Versioned');
});
afterAll(async () => {
  await t.emulator.close();
  await Promise.all(receivers.map((r) => r.close()));
});

async function endpoint(apiVersion?: Stripe.WebhookEndpointCreateParams.ApiVersion): Promise<{ r: Receiver; endpoint: Stripe.WebhookEndpoint }> {
  const r = await startReceiver();
  receivers.push(r);
  const created = await t.stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['*'], ...(apiVersion ? { api_version: apiVersion } : {}) });
  return { r, endpoint: created };
}

async function payingSubscription(): Promise<Stripe.Subscription> {
  const customer = await t.stripe.customers.create({ email: 'versions@x.io', invoice_settings: { default_payment_method: 'pm_card_visa' } });
  return t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], metadata: { tier: 'gold' } });
}

describe('webhook endpoint api_version', () => {
  // API reference, "The Webhook Endpoint object": api_version is a nullable string, "The API version
  // events are rendered as for this webhook endpoint"; the reference's example endpoint, created
  // without one, shows "api_version": null.
  it('keeps the version it was created with, and shows null when none was given', async () => {
    const old = await endpoint(OLD);
    expect(old.endpoint.api_version).toBe(OLD);
    expect((await t.stripe.webhookEndpoints.retrieve(old.endpoint.id)).api_version).toBe(OLD);
    const plain = await endpoint();
    expect(plain.endpoint.api_version).toBeNull();
    expect((await t.stripe.webhookEndpoints.list()).data.find((e) => e.id === plain.endpoint.id)?.api_version).toBeNull();
  });

  // API reference, "Create a webhook endpoint": api_version is an enum of Stripe's versions (the
  // SDK's WebhookEndpointCreateParams.ApiVersion, generated from Stripe's OpenAPI spec); a value
  // outside an enum is refused with a 400 invalid_request_error naming the param.
  it('refuses a version Stripe does not have with a 400 in Stripe’s error shape', async () => {
    const res = await postForm(t.emulator, '/v1/webhook_endpoints', {
      url: 'https://hooks.example/v',
      'enabled_events[]': '*',
      api_version: '2099-01-01',
    });
    expect(res.status).toBe(400);
    const body: { error: { type: string; code: string; param: string; message: string } } = await res.json();
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code: 'parameter_invalid', param: 'api_version' });
    expect(body.error.message).toMatch(/^Invalid api_version: must be one of 2011-01-01, .*2026-10-28\.endive$/);
    expect((await t.stripe.webhookEndpoints.list()).data.map((e) => e.url)).not.toContain('https://hooks.example/v');
  });
});

describe('deliveries in the endpoint’s version', () => {
  // Stripe changelog 2025-03-31.basil: "Invoicing resources now specify how they were generated"
  // (invoice `subscription`, `subscription_details` moved under `parent`), "Adds support for multiple
  // (partial) payments on invoices" (removed `payment_intent`, `charge`, `paid`, `paid_out_of_band`
  // from Invoice), "Adds subscription item-level billing periods and removes subscription-level
  // periods". Webhook versioning guide: "Webhook endpoints either have a specific API version set
  // or use the default API version of the Stripe account."
  it('sends an old-version endpoint invoices and subscriptions in their pre-basil shape', async () => {
    const old = await endpoint(OLD);
    const plain = await endpoint();
    const sub = await payingSubscription();
    const invoiceId = typeof sub.latest_invoice === 'string' ? sub.latest_invoice : (sub.latest_invoice?.id ?? '');
    await waitFor(() => [old, plain].every(({ r }) => delivered<LegacyInvoice>(r, 'invoice.paid', invoiceId).length === 1));

    const paid = delivered<LegacyInvoice>(old.r, 'invoice.paid', invoiceId)[0];
    expect(paid.api_version).toBe(OLD);
    // The delivery is signed over the body as rendered, so the SDK verifies it.
    const raw = old.r.received.find((d) => d.body.includes(paid.id) && d.body.includes('"invoice.paid"'));
    expect(t.stripe.webhooks.constructEvent(raw?.body ?? '', raw?.signature ?? '', old.endpoint.secret ?? '').id).toBe(paid.id);
    const invoice = paid.data.object;
    expect(invoice).not.toHaveProperty('parent');
    const payment = (await t.stripe.invoicePayments.list({ invoice: invoiceId })).data[0];
    const pi = await t.stripe.paymentIntents.retrieve(typeof payment.payment.payment_intent === 'string' ? payment.payment.payment_intent : '');
    expect(invoice).toMatchObject({
      subscription: sub.id,
      subscription_details: { metadata: { tier: 'gold' } },
      payment_intent: pi.id,
      charge: pi.latest_charge,
      paid: true,
      paid_out_of_band: false,
    });
    expect(pi.latest_charge).toMatch(/^ch_/);
    // Stripe creates the PaymentIntent when it finalizes the invoice: the draft has none.
    const draft = delivered<LegacyInvoice>(old.r, 'invoice.created', invoiceId)[0].data.object;
    expect(draft).toMatchObject({ status: 'draft', subscription: sub.id, payment_intent: null, charge: null, paid: false });

    const created = delivered<LegacySubscription>(old.r, 'customer.subscription.created', sub.id)[0].data.object;
    expect(created.current_period_start).toBe(sub.items.data[0].current_period_start);
    expect(created.current_period_end).toBe(sub.items.data[0].current_period_end);
    expect(created.items.data[0]).not.toHaveProperty('current_period_end');

    // The endpoint without a version gets the account default, here the SDK's pinned version.
    const current = delivered<Stripe.Invoice>(plain.r, 'invoice.paid', invoiceId)[0];
    expect(current.api_version).toBe(PINNED);
    expect(current.data.object).toMatchObject({ parent: { subscription_details: { subscription: sub.id } } });
    expect(current.data.object).not.toHaveProperty('subscription');
    expect(current.data.object).not.toHaveProperty('payment_intent');
    const currentSub = delivered<Stripe.Subscription>(plain.r, 'customer.subscription.created', sub.id)[0].data.object;
    expect(currentSub).not.toHaveProperty('current_period_end');
    expect(currentSub.items.data[0].current_period_end).toBe(sub.items.data[0].current_period_end);
  });

  // Changelog "Adds subscription item-level billing periods…": since basil, "previous_attributes on
  // the customer.subscription.updated webhook now include that the subscription item's billing
  // period has changed" — before, a new period showed as the subscription's own fields changing.
  it('shows a renewal’s period change on the subscription itself in previous_attributes', async () => {
    const old = await endpoint(OLD);
    const { clock, customer } = await clockCustomer(t.stripe);
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await advanceClock(t.stripe, clock.id, monthStart(1) + 3600);
    const renewal = () =>
      delivered<LegacySubscription>(old.r, 'customer.subscription.updated', sub.id).find((e) => e.data.previous_attributes?.current_period_start !== undefined);
    await waitFor(() => renewal() !== undefined);
    const event = renewal();
    expect(event?.data.previous_attributes).toMatchObject({ current_period_start: monthStart(0), current_period_end: monthStart(1) });
    expect(event?.data.previous_attributes).not.toHaveProperty('items');
    expect(event?.data.object).toMatchObject({ current_period_start: monthStart(1), current_period_end: monthStart(2) });
  });
});
