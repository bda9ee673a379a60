import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { startTestEmulator } from '../helpers/emulator';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t.emulator.close();
});

describe('customers', () => {
  it('creates and retrieves a customer in Stripe’s shape', async () => {
    const created = await t.stripe.customers.create({
      email: 'grace@navy.mil',
      name: 'Grace Hopper',
      metadata: { recur_id: '42' },
    });
    expect(created.id).toMatch(/^cus_\w{24}$/);
    expect(created).toMatchObject({
      object: 'customer',
      email: 'grace@navy.mil',
      name: 'Grace Hopper',
      balance: 0,
      livemode: false,
      metadata: { recur_id: '42' },
      invoice_settings: { default_payment_method: null },
    });
    expect(Math.abs(created.created - Date.now() / 1000)).toBeLessThan(5);
    const fetched = await t.stripe.customers.retrieve(created.id);
    expect(JSON.stringify(fetched)).toBe(JSON.stringify(created));
  });

  it('updates fields and merges metadata, an empty value removing a key', async () => {
    const c = await t.stripe.customers.create({ email: 'm@x.io', metadata: { a: '1', b: '2' } });
    const updated = await t.stripe.customers.update(c.id, { name: 'Renamed', metadata: { b: '', c: '3' } });
    expect(updated.name).toBe('Renamed');
    expect(updated.email).toBe('m@x.io');
    expect(updated.metadata).toEqual({ a: '1', c: '3' });
  });

  it('filters the list by email and searches by email', async () => {
    await t.stripe.customers.create({ email: 'twin@x.io', name: 'Older' });
    const newer = await t.stripe.customers.create({ email: 'twin@x.io', name: 'Newer' });
    await t.stripe.customers.create({ email: 'other@x.io' });

    const listed = await t.stripe.customers.list({ email: 'twin@x.io' });
    expect(listed.data.map((c) => c.name)).toEqual(['Newer', 'Older']);

    const found = await t.stripe.customers.search({ query: "email:'twin@x.io'" });
    expect(found.object).toBe('search_result');
    expect(found.data[0].id).toBe(newer.id);
    expect(found.data).toHaveLength(2);

    const none = await t.stripe.customers.search({ query: "email:'nobody@x.io'" });
    expect(none.data).toEqual([]);
    expect(none.has_more).toBe(false);
  });

  it('deletes a customer; retrieving it then shows the deleted stub', async () => {
    const c = await t.stripe.customers.create({ email: 'gone@x.io' });
    const deleted = await t.stripe.customers.del(c.id);
    expect(deleted).toMatchObject({ id: c.id, object: 'customer', deleted: true });
    const again = await t.stripe.customers.retrieve(c.id);
    expect(again.deleted).toBe(true);
    const listed = await t.stripe.customers.list({ email: 'gone@x.io' });
    expect(listed.data).toEqual([]);
    const err = await t.stripe.customers.update(c.id, { name: 'x' }).catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw err;
    expect(err.statusCode).toBe(404);
  });

  it('rejects a malformed email', async () => {
    const err = await t.stripe.customers.create({ email: 'not-an-email' }).catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw err;
    expect(err.param).toBe('email');
  });

  it('records customer.created and customer.updated with previous_attributes', async () => {
    const c = await t.stripe.customers.create({ email: 'ev@x.io' });
    await t.stripe.customers.update(c.id, { name: 'Eve' });
    const events = await t.stripe.events.list({ types: ['customer.created', 'customer.updated'], limit: 5 });
    const mine = events.data.filter((e) => (e.data.object as Stripe.Customer).id === c.id);
    expect(mine.map((e) => e.type)).toEqual(['customer.updated', 'customer.created']);
    expect(mine[0].data.previous_attributes).toEqual({ name: null });
    expect((mine[1].data.object as Stripe.Customer).name).toBeNull();
    expect(mine[0].request?.id).toMatch(/^req_/);
  });
});
