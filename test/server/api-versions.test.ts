import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { Coupon, Discount, Invoice, Payment, Plan, StripeEvent, Subscription } from '../../server/db/models';
import { REREADERS } from '../../server/stripe/apply/reread';
import { PINNED_API_VERSION } from '../../server/stripe/client';
import { handlersByObjectType } from '../../server/stripe/handlers';
import { catchUpEvents } from '../../server/stripe/inbox/catchUp';
import { eventually, startTestRecur, TEST_WEBHOOK_SECRET, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { allEvents, deliver } from '../helpers/webhooks';

/**
 * Stripe renders an event in one API version and "the contents of data never change"
 * (docs.stripe.com/api/events/object, api_version). Before 2025-03-31.basil an invoice named its
 * subscription at the top level (no `parent`) and a subscription carried current_period_start/end
 * itself, not on its items (Stripe changelog, basil: adds-new-parent-field-to-invoicing-objects,
 * deprecate-subscription-current-period-start-and-end). An endpoint without its own version gets
 * "the default API version of the Stripe account" (docs.stripe.com/webhooks/versioning), as do
 * events listed by GET /v1/events. Recur must mirror them right all the same: it re-reads the
 * objects in the SDK's version instead of reading such events.
 */
const OLD = '2024-06-20';

let emulator: RunningEmulator;
let recur: TestRecur;
let price: string;
let amount: number;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apiVersion: OLD });
  recur = await startTestRecur({ emulator, seed: true });
  await recur.listen();
  const plan = (await Plan.findOne({ where: { name: 'Silver Monthly' } }))!;
  [price, amount] = [plan.stripePriceId!, plan.amount];
});
afterAll(async () => {
  await recur.close();
  await emulator.close();
});

async function health(of: TestRecur): Promise<{ apiVersion: string; otherEventApiVersions: { apiVersion: string; lastSeenAt: string }[] }> {
  return (await of.app.request('/healthz')).json();
}

async function paidSubscription(email: string): Promise<{ subscription: Stripe.Subscription; invoiceId: string }> {
  const customer = await recur.stripe.customers.create({ email, invoice_settings: { default_payment_method: 'pm_card_visa' } });
  const subscription = await recur.stripe.subscriptions.create({ customer: customer.id, items: [{ price }] });
  return { subscription, invoiceId: String(subscription.latest_invoice) };
}

/** What Recur shows of a subscription and its first invoice, next to Stripe's own (pinned) answer. */
async function expectMirrored(subscription: Stripe.Subscription, invoiceId: string): Promise<void> {
  const local = await Subscription.findOne({ where: { stripeSubscriptionId: subscription.id } });
  const truth = await recur.stripe.subscriptions.retrieve(subscription.id);
  expect(local?.status).toBe('active');
  expect(local?.currentPeriodEnd?.getTime()).toBe(truth.items.data[0]!.current_period_end * 1000);
  const invoice = await Invoice.findOne({ where: { stripeInvoiceId: invoiceId } });
  expect(invoice).toMatchObject({ status: 'paid', subscriptionId: local!.id });
  expect(await Payment.findOne({ where: { stripeInvoiceId: invoiceId, status: 'succeeded' } })).toMatchObject({ amount, subscriptionId: local!.id });
}

function storedPayloads(type: string): Promise<Stripe.Event[]> {
  return StripeEvent.findAll({ where: { type } }).then((rows) => rows.map((row) => JSON.parse(row.payload) as Stripe.Event));
}

it('has a re-read for every object type it applies', () => {
  expect([...REREADERS.keys()].sort()).toEqual([...handlersByObjectType.keys()].sort());
});

describe("Recur's own endpoint", () => {
  // "Events sent to this endpoint will be generated with this Stripe Version instead of your
  // account's default Stripe Version" (docs.stripe.com/api/webhook_endpoints/create, api_version).
  it('is registered in the SDK’s version, so deliveries come in it even when the account default is older', async () => {
    const endpoints = await recur.stripe.webhookEndpoints.list({ limit: 100 });
    const own = endpoints.data.find((e) => e.url === `${recur.baseUrl}/webhooks/stripe`);
    expect(own?.api_version).toBe(PINNED_API_VERSION);

    const { subscription, invoiceId } = await paidSubscription('own-endpoint@example.com');
    await settle(recur);
    await expectMirrored(subscription, invoiceId);
    const delivered = (await storedPayloads('invoice.paid')).find((e) => (e.data.object as Stripe.Invoice).id === invoiceId);
    expect(delivered?.api_version).toBe(PINNED_API_VERSION);
    expect(await health(recur)).toMatchObject({ apiVersion: PINNED_API_VERSION, otherEventApiVersions: [] });
  });
});

describe('an endpoint Recur did not register (STRIPE_WEBHOOK_SECRET), in the account’s older version', () => {
  beforeAll(async () => {
    // As someone would make it in the dashboard: no api_version, so the account's default.
    for (const endpoint of (await recur.stripe.webhookEndpoints.list({ limit: 100 })).data) await recur.stripe.webhookEndpoints.del(endpoint.id);
    const params: Stripe.WebhookEndpointCreateParams & { secret: string } = {
      url: `${recur.baseUrl}/webhooks/stripe`,
      enabled_events: ['*'],
      secret: TEST_WEBHOOK_SECRET,
    };
    const endpoint = await recur.stripe.webhookEndpoints.create(params);
    expect(endpoint.api_version).toBeNull();
  });

  it('mirrors invoices with their subscription and subscriptions with their period, from re-reads', async () => {
    const { subscription, invoiceId } = await paidSubscription('old-endpoint@example.com');
    await settle(recur);
    // The old shape did arrive: read field by field it would give no subscription and no period.
    const delivered = (await storedPayloads('invoice.paid')).find((e) => (e.data.object as Stripe.Invoice).id === invoiceId);
    expect(delivered?.api_version).toBe(OLD);
    expect(delivered?.data.object).toMatchObject({ subscription: subscription.id });
    expect(delivered?.data.object).not.toHaveProperty('parent');
    const created = (await storedPayloads('customer.subscription.created')).find((e) => (e.data.object as Stripe.Subscription).id === subscription.id);
    expect(created?.data.object).toHaveProperty('current_period_end');
    expect((created!.data.object as Stripe.Subscription).items.data[0]).not.toHaveProperty('current_period_end');

    await expectMirrored(subscription, invoiceId);
    expect(await StripeEvent.count({ where: { status: 'failed' } })).toBe(0);
  });

  it('applies a change the same way: cancel at period end', async () => {
    const { subscription } = await paidSubscription('cancels@example.com');
    await settle(recur);
    await recur.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await settle(recur);
    expect(await Subscription.findOne({ where: { stripeSubscriptionId: subscription.id } })).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
  });

  // "Deletes the coupon ... you can no longer retrieve it" is how Stripe's delete works: retrieving a
  // deleted coupon answers 404 resource_missing (docs.stripe.com/api/coupons/delete). The re-read of
  // coupon.deleted finds nothing, and that is the deletion.
  it('takes a 404 on re-reading a deleted object as its deletion', async () => {
    const coupon = await recur.stripe.coupons.create({ percent_off: 10, duration: 'once', name: 'Old-version coupon' });
    await settle(recur);
    expect(await Coupon.findOne({ where: { stripeCouponId: coupon.id } })).toMatchObject({ valid: true, percentOff: 10 });
    await recur.stripe.coupons.del(coupon.id);
    await settle(recur);
    expect(await Coupon.findOne({ where: { stripeCouponId: coupon.id } })).toMatchObject({ valid: false });
    const deleted = (await storedPayloads('coupon.deleted')).find((e) => (e.data.object as Stripe.Coupon).id === coupon.id);
    expect(await StripeEvent.findByPk(deleted!.id)).toMatchObject({ status: 'processed' });
  });

  // A discount has no retrieve endpoint; the subscription lists it in `discounts`, expandable
  // (docs.stripe.com/api/subscriptions/object#subscription_object-discounts). Before 2025-09-30.clover
  // it named its coupon as `coupon`, not `source.coupon` (Stripe changelog, clover).
  it('re-reads a discount through its subscription, and takes its absence there as its removal', async () => {
    const coupon = await recur.stripe.coupons.create({ percent_off: 25, duration: 'forever' });
    const { subscription } = await paidSubscription('discounted@example.com');
    await recur.stripe.subscriptions.update(subscription.id, { discounts: [{ coupon: coupon.id }] });
    await settle(recur);
    const discountId = String((await recur.stripe.subscriptions.retrieve(subscription.id)).discounts[0]);
    expect(await Discount.findOne({ where: { stripeDiscountId: discountId } })).toMatchObject({
      stripeSubscriptionId: subscription.id,
      stripeCouponId: coupon.id,
      percentOff: 25,
      removed: false,
    });
    await recur.stripe.subscriptions.update(subscription.id, { discounts: '' });
    await settle(recur);
    expect(await Discount.findOne({ where: { stripeDiscountId: discountId } })).toMatchObject({ stripeCouponId: coupon.id, percentOff: 25, removed: true });
  });

  it('keeps an event whose object Stripe does not have as failed, its fields unread', async () => {
    const before = await Subscription.count();
    const event = {
      id: 'evt_old_ghost',
      object: 'event',
      type: 'customer.subscription.updated',
      api_version: OLD,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: {
        object: {
          id: 'sub_ghost',
          object: 'subscription',
          customer: 'cus_ghost',
          status: 'active',
          current_period_end: 2_000_000_000,
          items: { object: 'list', data: [] },
        },
      },
    };
    expect((await deliver(recur, event)).status).toBe(200);
    const failed = await eventually(async () => {
      const row = await StripeEvent.findByPk('evt_old_ghost');
      return row?.status === 'failed' ? row : null;
    });
    expect(failed.error).toMatch(/Could not re-read subscription sub_ghost .*API version 2024-06-20/);
    expect(await Subscription.count()).toBe(before);
  });

  it('says so in /healthz', async () => {
    const { otherEventApiVersions } = await health(recur);
    expect(otherEventApiVersions.map((v) => v.apiVersion)).toEqual([OLD]);
    expect(Date.now() - Date.parse(otherEventApiVersions[0]!.lastSeenAt)).toBeLessThan(60_000);
  });
});

describe('catch-up from GET /v1/events', () => {
  // stripe-node's events.list: "Each event data is rendered according to Stripe API version at its
  // creation time, specified in event object api_version attribute".
  it('goes through the same re-reads: events listed in the old version mirror right', async () => {
    const missed = await startTestRecur({ emulator });
    try {
      const { subscription, invoiceId } = await paidSubscription('caught-up@example.com');
      const events = (await allEvents(recur.stripe)).filter((e) => e.created >= subscription.created);
      expect(events.every((e) => e.api_version === OLD)).toBe(true);
      // One delivery arrived; every other one is found by the catch-up.
      expect((await deliver(missed, events[0]!)).status).toBe(200);
      await missed.inbox.idle();
      expect(await catchUpEvents(missed.stripe, missed.inbox, missed.db)).toBeGreaterThan(3);
      await missed.inbox.idle();
      const local = await Subscription.findOne({ where: { stripeSubscriptionId: subscription.id } });
      expect(local?.currentPeriodEnd?.getTime()).toBe(subscription.items.data[0]!.current_period_end * 1000);
      expect(await Invoice.findOne({ where: { stripeInvoiceId: invoiceId } })).toMatchObject({ status: 'paid', subscriptionId: local!.id });
      expect((await health(missed)).otherEventApiVersions.map((v) => v.apiVersion)).toEqual([OLD]);
    } finally {
      await missed.close();
    }
  });
});
