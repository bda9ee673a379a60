import Stripe from 'stripe';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '../../emulator/index';
import type { Runtime } from '../../emulator/runtime';
import { createEmulatorApp } from '../../emulator/index';
import { control, sdkFor } from '../helpers/ops';

// Idempotency as docs.stripe.com/api/idempotent_requests describes it: the first answer to a key is
// saved once the endpoint starts executing (errors included, 500s too), validation failures and
// concurrent conflicts are not, keys may be pruned once 24 hours old, and parameters must match.

const HOUR = 3600;
let now = 1_900_000_000;
let emulator: RunningEmulator;
let runtime: Runtime;
let stripe: Stripe;
let shutdown: () => void;

/** In process, so a test can reach the store: the only way to make a handler fail mid-execution. */
beforeAll(async () => {
  const made = createEmulatorApp({ clock: { now: () => now } });
  runtime = made.runtime;
  shutdown = made.shutdown;
  emulator = await new Promise<RunningEmulator>((resolve) => {
    const server = serve({ fetch: made.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        port: info.port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
  stripe = sdkFor(emulator);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await control(emulator, 'POST', '/reset');
});
afterAll(async () => {
  shutdown();
  await emulator.close();
});

async function rejected(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const err = await p.then(
    () => new Error('the request was accepted'),
    (e: unknown) => e,
  );
  if (!(err instanceof Stripe.errors.StripeError)) throw err;
  return err;
}

/** An open invoice whose customer's card attaches but fails every charge. */
async function openInvoice(): Promise<Stripe.Invoice> {
  const customer = await stripe.customers.create({ email: 'idem-pay@x.io', invoice_settings: { default_payment_method: 'pm_card_chargeCustomerFail' } });
  await stripe.invoiceItems.create({ customer: customer.id, amount: 700, currency: 'usd' });
  const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
  return stripe.invoices.finalizeInvoice(draft.id);
}

describe('what is saved', () => {
  it('replays a card error (402) for the same key instead of charging again', async () => {
    const invoice = await openInvoice();
    const pay = () => stripe.invoices.pay(invoice.id, {}, { idempotencyKey: 'pay-declined' });
    const first = await rejected(pay());
    expect([first.statusCode, first.type, first.code]).toEqual([402, 'StripeCardError', 'card_declined']);
    const failures = async () => (await stripe.events.list({ type: 'invoice.payment_failed' })).data.length;
    expect(await failures()).toBe(1);
    const again = await rejected(pay());
    expect([again.statusCode, again.code, again.message]).toEqual([402, 'card_declined', first.message]);
    expect(again.headers?.['idempotent-replayed']).toBe('true');
    expect(await failures()).toBe(1);
  });

  it('does not save a validation error (400): the key can be used once the request is fixed', async () => {
    const bad = await rejected(stripe.customers.create({ email: 'not-an-email' }, { idempotencyKey: 'fix-me' }));
    expect([bad.statusCode, bad.param]).toEqual([400, 'email']);
    const fixed = await stripe.customers.create({ email: 'fixed@x.io' }, { idempotencyKey: 'fix-me' });
    expect(fixed.email).toBe('fixed@x.io');
  });

  it('saves a 500 from a request that started executing, and replays it with Stripe-Should-Retry: false', async () => {
    vi.spyOn(runtime.store.customers, 'insert').mockImplementationOnce(() => {
      throw new Error('storage failed mid-request');
    });
    const first = await rejected(stripe.customers.create({ email: 'boom@x.io' }, { idempotencyKey: 'boom' }));
    expect([first.statusCode, first.rawType]).toEqual([500, 'api_error']);
    expect(first.headers?.['stripe-should-retry']).toBe('false');
    // The store works again, yet the key still answers what it answered first.
    const replayed = await rejected(stripe.customers.create({ email: 'boom@x.io' }, { idempotencyKey: 'boom' }));
    expect([replayed.statusCode, replayed.headers?.['idempotent-replayed']]).toEqual([500, 'true']);
    expect((await stripe.customers.list()).data).toEqual([]);
    expect((await stripe.customers.create({ email: 'boom@x.io' }, { idempotencyKey: 'boom-2' })).email).toBe('boom@x.io');
  });
});

describe('what a key may be reused for', () => {
  it('refuses the same key on another endpoint with idempotency_error', async () => {
    await stripe.customers.create({ email: 'first@x.io' }, { idempotencyKey: 'one-endpoint' });
    const err = await rejected(stripe.products.create({ name: 'Other' }, { idempotencyKey: 'one-endpoint' }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect([err.statusCode, err.rawType]).toEqual([400, 'idempotency_error']);
    // Wording from the API as quoted in stripe/stripe-ruby#598.
    expect(err.message).toBe(
      "Keys for idempotent requests can only be used for the same endpoint they were first used for ('/v1/products' vs '/v1/customers'). Try using a key other than 'one-endpoint' if you meant to execute a different request.",
    );
  });

  it('expires keys 24 hours after first use, by the emulator clock, and prunes them', async () => {
    const first = await stripe.customers.create({ email: 'day@x.io' }, { idempotencyKey: 'a-day' });
    for (let i = 0; i < 5; i++) await stripe.customers.create({ email: `filler${i}@x.io` }, { idempotencyKey: `filler-${i}` });
    now += 24 * HOUR - 1;
    expect((await stripe.customers.create({ email: 'day@x.io' }, { idempotencyKey: 'a-day' })).id).toBe(first.id);
    const changed = await rejected(stripe.customers.create({ email: 'other@x.io' }, { idempotencyKey: 'a-day' }));
    expect(changed.rawType).toBe('idempotency_error');

    now += 1;
    const fresh = await stripe.customers.create({ email: 'other@x.io' }, { idempotencyKey: 'a-day' });
    expect(fresh.id).not.toBe(first.id);
    // The lapsed keys went with that request; only the one it just saved is left.
    expect([...runtime.store.idempotency.keys()]).toEqual(['a-day']);
  });
});

describe('a key still executing', () => {
  /** Fault injection's latency holds each customer request after its key is taken, before it runs. */
  async function slowCustomers(): Promise<void> {
    const res = await control(emulator, 'PUT', '/faults', { api: { latencyMs: 400, pathPrefix: '/v1/customers' } });
    expect(res.status).toBe(200);
  }

  it('answers a second request with 409 idempotency_key_in_use rather than waiting', async () => {
    await slowCustomers();
    const send = () => stripe.customers.create({ email: 'twice@x.io' }, { idempotencyKey: 'double-click' });
    const [a, b] = await Promise.allSettled([send(), send()]);
    const won = [a, b].find((r) => r.status === 'fulfilled');
    const lost = [a, b].find((r) => r.status === 'rejected');
    if (won?.status !== 'fulfilled' || lost?.status !== 'rejected') throw new Error(`expected one winner: ${a.status}, ${b.status}`);
    const err: unknown = lost.reason;
    if (!(err instanceof Stripe.errors.StripeError)) throw err;
    // Stripe's body as the API returned it in stripe/stripe-go#647.
    expect([err.statusCode, err.rawType, err.code]).toEqual([409, 'invalid_request_error', 'idempotency_key_in_use']);
    expect(err.message).toBe(
      'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): double-click. Please try again later.',
    );
    expect(err.headers?.['stripe-should-retry']).toBeUndefined();
    // Nothing was saved for the refused one; the key now replays the winner.
    expect((await send()).id).toBe(won.value.id);
    expect((await stripe.customers.list()).data).toHaveLength(1);
  });

  it('lets the SDK retry the 409 into the first request’s answer', async () => {
    await slowCustomers();
    const retrying = sdkFor(emulator, 3);
    const send = () => retrying.customers.create({ email: 'retry@x.io' }, { idempotencyKey: 'retry-409' });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.id).toBe(b.id);
    expect((await stripe.customers.list()).data).toHaveLength(1);
  });
});
