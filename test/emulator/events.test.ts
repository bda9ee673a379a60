import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { startTestEmulator } from '../helpers/emulator';

let t: TestEmulator;
let first: Stripe.Customer;
beforeAll(async () => {
  t = await startTestEmulator();
  first = await t.stripe.customers.create({ email: 'e1@x.io' });
  await t.stripe.customers.update(first.id, { metadata: { step: '2' } });
  await t.stripe.products.create({ name: 'Evented' });
  for (let i = 0; i < 12; i++) await t.stripe.customers.create({ email: `bulk${i}@x.io` });
});
afterAll(async () => {
  await t.emulator.close();
});

describe('events', () => {
  it('retrieves an event with the object as it was then', async () => {
    const created = (await t.stripe.events.list({ type: 'customer.created', limit: 100 })).data.at(-1);
    if (created?.type !== 'customer.created') throw new Error('missing customer.created');
    const fetched = await t.stripe.events.retrieve(created.id);
    expect(fetched.id).toBe(created.id);
    expect(fetched.object).toBe('event');
    if (fetched.type !== 'customer.created') throw new Error('wrong type');
    expect(fetched.data.object.id).toBe(first.id);
    // The customer has metadata now; the event keeps the snapshot from before the update.
    expect(fetched.data.object.metadata).toEqual({});
    expect(fetched.request).toEqual({ id: expect.stringMatching(/^req_/), idempotency_key: expect.stringMatching(/^stripe-node-retry-/) });
    expect(fetched.pending_webhooks).toBe(0);
  });

  it('puts previous_attributes on updated events', async () => {
    const updated = await t.stripe.events.list({ type: 'customer.updated' });
    expect(updated.data).toHaveLength(1);
    expect(updated.data[0].data.previous_attributes).toEqual({ metadata: {} });
    expect((updated.data[0].data.object as Stripe.Customer).metadata).toEqual({ step: '2' });
  });

  it('filters by type, types[] and a type wildcard', async () => {
    const products = await t.stripe.events.list({ type: 'product.created' });
    expect(products.data.map((e) => e.type)).toEqual(['product.created']);
    const both = await t.stripe.events.list({ types: ['product.created', 'customer.updated'] });
    expect(both.data.map((e) => e.type).sort()).toEqual(['customer.updated', 'product.created']);
    const anyCustomer = await t.stripe.events.list({ type: 'customer.*', limit: 100 });
    expect(anyCustomer.data).toHaveLength(14);
  });

  it('filters by created range', async () => {
    const all = await t.stripe.events.list({ limit: 100 });
    const newest = all.data[0].created;
    const none = await t.stripe.events.list({ created: { gt: newest } });
    expect(none.data).toEqual([]);
    const upTo = await t.stripe.events.list({ created: { lte: newest, gte: newest - 3600 }, limit: 100 });
    expect(upTo.data).toHaveLength(all.data.length);
  });

  it('pages newest first', async () => {
    const page1 = await t.stripe.events.list({ limit: 5 });
    expect(page1.has_more).toBe(true);
    expect(page1.data[0].type).toBe('customer.created');
    const page2 = await t.stripe.events.list({ limit: 5, starting_after: page1.data[4].id });
    const ids = new Set([...page1.data, ...page2.data].map((e) => e.id));
    expect(ids.size).toBe(10);
    const all = await t.stripe.events.list({ limit: 100 });
    expect(all.data.map((e) => e.id).slice(0, 10)).toEqual([...page1.data, ...page2.data].map((e) => e.id));
    expect(all.data).toHaveLength(15);
  });

  it('answers an unknown event id with 404', async () => {
    const err = await t.stripe.events.retrieve('evt_nope').catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw err;
    expect(err.statusCode).toBe(404);
    expect(err.message).toBe("No such event: 'evt_nope'");
  });
});
