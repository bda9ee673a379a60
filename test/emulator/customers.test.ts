import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { recurringPrice, startTestEmulator } from '../helpers/emulator';

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

  it('cancels the subscriptions of a deleted customer at once, and keeps only the deleted stub', async () => {
    // docs.stripe.com/api/customers/delete: "Permanently deletes a customer. It cannot be undone. Also
    // immediately cancels any active subscriptions on the customer"; "deleted customers can still be retrieved".
    const c = await t.stripe.customers.create({ email: 'leaving@x.io', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const price = await recurringPrice(t.stripe, 1500, 'Leaving');
    const sub = await t.stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }] });
    const ended = await t.stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }] });
    await t.stripe.subscriptions.cancel(ended.id);

    await t.stripe.customers.del(c.id);
    const canceled = await t.stripe.subscriptions.retrieve(sub.id);
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_details: { reason: 'cancellation_requested' } });
    expect(canceled.ended_at).not.toBeNull();
    const events = await t.stripe.events.list({ types: ['customer.subscription.deleted', 'customer.deleted'], limit: 10 });
    const mine = events.data.filter((e) => {
      const obj = e.data.object as Stripe.Subscription | Stripe.Customer;
      return obj.id === c.id || (obj.object === 'subscription' && obj.customer === c.id);
    });
    // Newest first: the subscription ends before the customer goes; the one already canceled is not ended twice.
    expect(mine.map((e) => [e.type, (e.data.object as { id: string }).id])).toEqual([
      ['customer.deleted', c.id],
      ['customer.subscription.deleted', sub.id],
      ['customer.subscription.deleted', ended.id],
    ]);

    const fetched = await t.stripe.rawRequest('GET', `/v1/customers/${c.id}`);
    expect(fetched.lastResponse.statusCode).toBe(200);
    const { lastResponse: _, ...body } = fetched;
    expect(body).toEqual({ id: c.id, object: 'customer', deleted: true });
    const update = await t.stripe.customers.update(c.id, { name: 'Back' }).catch((e: unknown) => e);
    if (!(update instanceof Stripe.errors.StripeInvalidRequestError)) throw update;
    expect([update.statusCode, update.code]).toEqual([404, 'resource_missing']);
    const again = await t.stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }] }).catch((e: unknown) => e);
    if (!(again instanceof Stripe.errors.StripeInvalidRequestError)) throw again;
    expect(again.param).toBe('customer');
  });

  it('filters the list by email case-sensitively', async () => {
    // docs.stripe.com/api/customers/list: email is "A case-sensitive filter on the list based on the customer's email field".
    const c = await t.stripe.customers.create({ email: 'Case.Sensitive@x.io' });
    expect((await t.stripe.customers.list({ email: 'Case.Sensitive@x.io' })).data.map((x) => x.id)).toEqual([c.id]);
    expect((await t.stripe.customers.list({ email: 'case.sensitive@x.io' })).data).toEqual([]);
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
