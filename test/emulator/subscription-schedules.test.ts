import Stripe from 'stripe';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { recurringPrice, startReceiver, startTestEmulator, waitFor } from '../helpers/emulator';
import { startOpsEmulator } from '../helpers/ops';
import { DAY, START, monthStart, advanceClock, clockCustomer, eventsFor } from '../helpers/clock';

// Stripe's pages these tests follow:
// API  = docs.stripe.com/api/subscription_schedules (create, update, release, cancel, list, the object)
// GUIDE = docs.stripe.com/billing/subscriptions/subscription-schedules
// EVENTS = docs.stripe.com/api/events/types (subscription_schedule.*)

let t: TestEmulator;
let basic: Stripe.Price;
let pro: Stripe.Price;
let eur: Stripe.Price;
beforeAll(async () => {
  t = await startTestEmulator();
  basic = await recurringPrice(t.stripe, 1000, 'Basic');
  pro = await recurringPrice(t.stripe, 3000, 'Pro');
  eur = await t.stripe.prices.create({ currency: 'eur', unit_amount: 900, recurring: { interval: 'month' }, product_data: { name: 'Euro' } });
});
afterAll(async () => {
  await t.emulator.close();
});

async function failure(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof Stripe.errors.StripeError)) throw new Error(`expected a Stripe error, got ${String(err)}`);
  return err;
}

async function subscribedOnPro(): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer; sub: Stripe.Subscription }> {
  const { clock, customer } = await clockCustomer(t.stripe);
  const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: pro.id }] });
  return { clock, customer, sub };
}

function priceOf(item: Stripe.SubscriptionSchedule.Phase.Item): string {
  return typeof item.price === 'string' ? item.price : item.price.id;
}

describe('subscription schedules: from_subscription and phase transitions', () => {
  it('takes over a subscription, then moves it to a cheaper price at the period end (API create from_subscription, update; GUIDE phases)', async () => {
    const { clock, customer, sub } = await subscribedOnPro();
    const feb1 = monthStart(1);
    const schedule = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    expect(schedule).toMatchObject({
      object: 'subscription_schedule',
      status: 'active',
      customer: customer.id,
      subscription: sub.id,
      end_behavior: 'release',
      current_phase: { start_date: START, end_date: feb1 },
      test_clock: clock.id,
      released_subscription: null,
    });
    expect(schedule.id).toMatch(/^sub_sched_/);
    expect(schedule.phases).toHaveLength(1);
    expect(schedule.phases[0]).toMatchObject({ start_date: START, end_date: feb1, currency: 'usd' });
    expect(schedule.phases[0].items.map((i) => [priceOf(i), i.quantity])).toEqual([[pro.id, 1]]);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).schedule).toBe(schedule.id);

    // "past phases can be omitted"; the current phase is sent with its own start date.
    const updated = await t.stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { start_date: START, end_date: feb1, items: [{ price: pro.id, quantity: 1 }] },
        { items: [{ price: basic.id, quantity: 2 }], duration: { interval: 'month' }, metadata: { tier: 'basic' } },
      ],
    });
    expect(updated.phases.map((p) => [p.start_date, p.end_date])).toEqual([
      [START, feb1],
      [feb1, monthStart(2)],
    ]);
    // The change is in the future: nothing happens to the subscription yet.
    const before = await t.stripe.subscriptions.retrieve(sub.id);
    expect(before.items.data.map((i) => i.price.id)).toEqual([pro.id]);
    // The upcoming invoice is the renewal, which the next phase bills: 2 × Basic, not Pro
    // (docs.stripe.com/api/invoices/create_preview: "preview the upcoming invoice for a subscription or subscription schedule").
    const upcoming = await t.stripe.invoices.createPreview({ subscription: sub.id });
    expect(upcoming).toMatchObject({ amount_due: 2000, period_start: feb1 });
    expect(upcoming.lines.data.map((l) => l.pricing?.price_details?.price ?? null)).toEqual([basic.id]);

    await advanceClock(t.stripe, clock.id, feb1 + 3600);
    const moved = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(moved.items.data.map((i) => [i.price.id, i.quantity])).toEqual([[basic.id, 2]]);
    expect(moved.items.data[0]).toMatchObject({ current_period_start: feb1, current_period_end: monthStart(2) });
    expect(moved.metadata).toMatchObject({ tier: 'basic' });
    // At the boundary nothing is prorated: the renewal simply bills the new phase.
    const invoice = moved.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ billing_reason: 'subscription_cycle', status: 'paid', amount_paid: 2000, created: feb1 });
    expect(invoice.lines.data).toHaveLength(1);
    const current = await t.stripe.subscriptionSchedules.retrieve(schedule.id);
    expect(current).toMatchObject({ status: 'active', current_phase: { start_date: feb1, end_date: monthStart(2) } });

    // EVENTS: the schedule's own events and the subscription's update at the transition.
    expect(await eventsFor(t.stripe, 'subscription_schedule.created', schedule.id)).toHaveLength(1);
    const scheduleUpdates = await eventsFor(t.stripe, 'subscription_schedule.updated', schedule.id);
    expect(scheduleUpdates.length).toBeGreaterThanOrEqual(2);
    expect(scheduleUpdates.at(-1)?.created).toBe(feb1);
    const subUpdates = await eventsFor(t.stripe, 'customer.subscription.updated', sub.id);
    const atTransition = subUpdates.find((e) => e.created === feb1 && (e.data.previous_attributes as { items?: unknown } | undefined)?.items !== undefined);
    expect(atTransition).toBeDefined();

    // GUIDE: after the last phase with end_behavior `release`, the subscription carries on by itself.
    const mar1 = monthStart(2);
    await advanceClock(t.stripe, clock.id, mar1 + 3600);
    const done = await t.stripe.subscriptionSchedules.retrieve(schedule.id);
    expect(done).toMatchObject({ status: 'released', released_subscription: sub.id, subscription: null, current_phase: null, released_at: mar1 });
    const free = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(free).toMatchObject({ status: 'active', schedule: null });
    expect(free.latest_invoice).toMatchObject({ amount_paid: 2000, created: mar1 });
    expect(await eventsFor(t.stripe, 'subscription_schedule.released', schedule.id)).toHaveLength(1);
  });

  it('applies a change to the current phase at once, prorated as asked (API update proration_behavior)', async () => {
    const { sub } = await subscribedOnPro();
    const schedule = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const phase = schedule.phases[0];
    await t.stripe.subscriptionSchedules.update(schedule.id, {
      proration_behavior: 'none',
      phases: [{ start_date: phase.start_date, end_date: phase.end_date, items: [{ price: pro.id, quantity: 3 }] }],
    });
    const now = await t.stripe.subscriptions.retrieve(sub.id);
    expect(now.items.data.map((i) => [i.price.id, i.quantity])).toEqual([[pro.id, 3]]);
    const pending = await t.stripe.invoiceItems.list({ customer: typeof sub.customer === 'string' ? sub.customer : sub.customer.id });
    expect(pending.data).toHaveLength(0);
  });

  it('a phase that ends mid-period changes the subscription then, with the next phase’s prorations (API phases.proration_behavior)', async () => {
    const { clock, customer, sub } = await subscribedOnPro();
    const schedule = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const switchAt = START + 10 * DAY;
    await t.stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { start_date: START, end_date: switchAt, items: [{ price: pro.id }] },
        { items: [{ price: basic.id }], end_date: monthStart(2), proration_behavior: 'create_prorations' },
      ],
    });
    await advanceClock(t.stripe, clock.id, switchAt + 60);
    const after = await t.stripe.subscriptions.retrieve(sub.id);
    expect(after.items.data.map((i) => i.price.id)).toEqual([basic.id]);
    // The billing period is unchanged; the rest of it is credited on Pro and charged on Basic.
    expect(after.items.data[0].current_period_end).toBe(monthStart(1));
    const remaining = (monthStart(1) - switchAt) / (monthStart(1) - START);
    const items = await t.stripe.invoiceItems.list({ customer: customer.id });
    expect(items.data.map((i) => i.amount).sort((a, b) => a - b)).toEqual([-Math.round(3000 * remaining), Math.round(1000 * remaining)]);
  });

  it('lists by customer with pagination (API list)', async () => {
    const { customer, sub } = await subscribedOnPro();
    const first = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const second = await t.stripe.subscriptionSchedules.create({
      customer: customer.id,
      start_date: START + 10 * DAY,
      phases: [{ items: [{ price: basic.id }] }],
    });
    const page = await t.stripe.subscriptionSchedules.list({ customer: customer.id, limit: 1 });
    expect(page.data.map((s) => s.id)).toEqual([second.id]);
    expect(page.has_more).toBe(true);
    const next = await t.stripe.subscriptionSchedules.list({ customer: customer.id, limit: 1, starting_after: second.id });
    expect(next.data.map((s) => s.id)).toEqual([first.id]);
    const scheduled = await t.stripe.subscriptionSchedules.list({ customer: customer.id, scheduled: true });
    expect(scheduled.data.map((s) => s.id)).toEqual([second.id]);
    // "The response will not include subscription schedules for customers with a test clock attached if this parameter is not set."
    const all = await t.stripe.subscriptionSchedules.list({ limit: 100 });
    expect(all.data.map((s) => s.id)).not.toContain(first.id);
  });
});

describe('subscription schedules: starting, releasing, canceling', () => {
  it('waits not_started until its start date, then creates the subscription (API create start_date)', async () => {
    const { clock, customer } = await clockCustomer(t.stripe);
    const start = START + 5 * DAY;
    const schedule = await t.stripe.subscriptionSchedules.create({
      customer: customer.id,
      start_date: start,
      phases: [{ items: [{ price: basic.id, quantity: 1 }] }],
    });
    expect(schedule).toMatchObject({ status: 'not_started', subscription: null, current_phase: null });
    expect(schedule.phases[0]).toMatchObject({ start_date: start });
    await advanceClock(t.stripe, clock.id, start + 60);
    const started = await t.stripe.subscriptionSchedules.retrieve(schedule.id, { expand: ['subscription'] });
    expect(started.status).toBe('active');
    const sub = started.subscription as Stripe.Subscription;
    expect(sub).toMatchObject({ status: 'active', schedule: schedule.id, start_date: start });
    const invoices = await t.stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data.map((i) => [i.billing_reason, i.amount_paid])).toEqual([['subscription_create', 1000]]);
  });

  it('releases: the subscription keeps running without it (API release)', async () => {
    const { sub } = await subscribedOnPro();
    const schedule = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    // end_behavior `cancel` sets a cancellation on the subscription; release without `preserve_cancel_date` removes it.
    await t.stripe.subscriptionSchedules.update(schedule.id, { end_behavior: 'cancel' });
    expect((await t.stripe.subscriptions.retrieve(sub.id)).cancel_at).toBe(monthStart(1));
    const released = await t.stripe.subscriptionSchedules.release(schedule.id);
    expect(released).toMatchObject({ status: 'released', subscription: null, released_subscription: sub.id, current_phase: null });
    expect(released.released_at).toBe(START);
    const after = await t.stripe.subscriptions.retrieve(sub.id);
    expect(after).toMatchObject({ status: 'active', schedule: null, cancel_at: null });
    expect(await eventsFor(t.stripe, 'subscription_schedule.released', schedule.id)).toHaveLength(1);
    // "A schedule can only be released if its status is not_started or active."
    const again = await failure(t.stripe.subscriptionSchedules.release(schedule.id));
    expect(again.statusCode).toBe(400);
    // Once released, the subscription is free to be scheduled again.
    const next = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    expect(next.subscription).toBe(sub.id);
  });

  it('cancels the schedule and its subscription (API cancel)', async () => {
    const { customer } = await clockCustomer(t.stripe);
    const schedule = await t.stripe.subscriptionSchedules.create({
      customer: customer.id,
      start_date: 'now',
      phases: [{ items: [{ price: basic.id }] }, { items: [{ price: pro.id }] }],
    });
    expect(schedule.status).toBe('active');
    const subId = schedule.subscription as string;
    expect((await t.stripe.subscriptions.retrieve(subId)).schedule).toBe(schedule.id);
    const canceled = await t.stripe.subscriptionSchedules.cancel(schedule.id, { invoice_now: false, prorate: false });
    expect(canceled).toMatchObject({ status: 'canceled', canceled_at: START, current_phase: null });
    expect((await t.stripe.subscriptions.retrieve(subId)).status).toBe('canceled');
    expect(await eventsFor(t.stripe, 'subscription_schedule.canceled', schedule.id)).toHaveLength(1);
    expect(await eventsFor(t.stripe, 'customer.subscription.deleted', subId)).toHaveLength(1);
    expect((await failure(t.stripe.subscriptionSchedules.cancel(schedule.id))).statusCode).toBe(400);
  });

  it('ends the subscription with the last phase when end_behavior is cancel (API create end_behavior)', async () => {
    const { clock, customer } = await clockCustomer(t.stripe);
    const feb1 = monthStart(1);
    const schedule = await t.stripe.subscriptionSchedules.create({
      customer: customer.id,
      start_date: 'now',
      end_behavior: 'cancel',
      phases: [{ items: [{ price: basic.id }], duration: { interval: 'month', interval_count: 1 } }],
    });
    const subId = schedule.subscription as string;
    // The cancellation the schedule sets (the one release's `preserve_cancel_date` keeps).
    expect((await t.stripe.subscriptions.retrieve(subId)).cancel_at).toBe(feb1);
    await advanceClock(t.stripe, clock.id, feb1 + 3600);
    const sub = await t.stripe.subscriptions.retrieve(subId);
    expect(sub).toMatchObject({ status: 'canceled', ended_at: feb1 });
    const done = await t.stripe.subscriptionSchedules.retrieve(schedule.id);
    expect(done).toMatchObject({ status: 'completed', completed_at: feb1, current_phase: null });
    expect(await eventsFor(t.stripe, 'subscription_schedule.completed', schedule.id)).toHaveLength(1);
    expect((await t.stripe.invoices.list({ subscription: subId })).data).toHaveLength(1);
  });
});

describe('subscription schedules: what Stripe refuses', () => {
  it('from_subscription with anything else, and a second schedule on one subscription (API create from_subscription)', async () => {
    const { sub } = await subscribedOnPro();
    const withPhases = await failure(t.stripe.subscriptionSchedules.create({ from_subscription: sub.id, phases: [{ items: [{ price: basic.id }] }] }));
    expect(withPhases).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'phases' });
    const withEnd = await failure(t.stripe.subscriptionSchedules.create({ from_subscription: sub.id, end_behavior: 'cancel' }));
    expect(withEnd.param).toBe('end_behavior');
    await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const second = await failure(t.stripe.subscriptionSchedules.create({ from_subscription: sub.id }));
    expect(second).toMatchObject({ statusCode: 400, param: 'from_subscription' });
    expect(second.message).toContain('already attached to a schedule');
    const missing = await failure(t.stripe.subscriptionSchedules.create({ from_subscription: 'sub_nope' }));
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('changing the current phase’s start, or a phase that has ended (API update phases)', async () => {
    const { clock, sub } = await subscribedOnPro();
    const feb1 = monthStart(1);
    const schedule = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const moved = await failure(
      t.stripe.subscriptionSchedules.update(schedule.id, {
        phases: [{ start_date: START + DAY, end_date: feb1, items: [{ price: pro.id }] }],
      }),
    );
    expect(moved).toMatchObject({ statusCode: 400, param: 'phases[0][start_date]' });
    const gap = await failure(
      t.stripe.subscriptionSchedules.update(schedule.id, {
        phases: [
          { start_date: START, end_date: feb1, items: [{ price: pro.id }] },
          { start_date: feb1 + DAY, items: [{ price: basic.id }] },
        ],
      }),
    );
    expect(gap).toMatchObject({ statusCode: 400, param: 'phases[1][start_date]' });
    const noStart = await failure(t.stripe.subscriptionSchedules.update(schedule.id, { phases: [{ items: [{ price: pro.id }] }] }));
    expect(noStart).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'phases[0][start_date]' });

    await t.stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { start_date: START, end_date: feb1, items: [{ price: pro.id }] },
        { items: [{ price: basic.id }], duration: { interval: 'month' } },
      ],
    });
    await advanceClock(t.stripe, clock.id, feb1 + DAY);
    const past = await failure(
      t.stripe.subscriptionSchedules.update(schedule.id, {
        phases: [
          { start_date: START, end_date: feb1, items: [{ price: basic.id, quantity: 5 }] },
          { items: [{ price: basic.id }], duration: { interval: 'month' } },
        ],
      }),
    );
    expect(past).toMatchObject({ statusCode: 400, param: 'phases[0]' });
    // The same past phase, unchanged, may be sent along ("past phases can be omitted").
    const same = await t.stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { start_date: START, end_date: feb1, items: [{ price: pro.id }] },
        { start_date: feb1, items: [{ price: basic.id }], end_date: monthStart(3) },
      ],
    });
    expect(same.phases.map((p) => p.end_date)).toEqual([feb1, monthStart(3)]);
  });

  it('prices that cannot be on the subscription, unknown and removed params (API create phases.items; endive removed iterations)', async () => {
    const { customer, sub } = await subscribedOnPro();
    const oneTime = await t.stripe.prices.create({ currency: 'usd', unit_amount: 500, product_data: { name: 'Setup' } });
    const notRecurring = await failure(t.stripe.subscriptionSchedules.create({ customer: customer.id, phases: [{ items: [{ price: oneTime.id }] }] }));
    expect(notRecurring).toMatchObject({ statusCode: 400, param: 'phases[0][items][0][price]' });
    const currencies = await failure(
      t.stripe.subscriptionSchedules.create({
        customer: customer.id,
        phases: [{ items: [{ price: basic.id }] }, { items: [{ price: eur.id }] }],
      }),
    );
    expect(currencies).toMatchObject({ statusCode: 400, param: 'phases[1][items][0][price]' });
    const unknown = await failure(
      t.stripe.rawRequest('POST', '/v1/subscription_schedules', {
        customer: customer.id,
        phases: [{ items: [{ price: basic.id }] }],
        colour: 'red',
      }),
    );
    expect(unknown).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'colour' });
    const iterations = await failure(
      t.stripe.rawRequest('POST', '/v1/subscription_schedules', {
        customer: customer.id,
        phases: [{ items: [{ price: basic.id }], iterations: 2 }],
      }),
    );
    expect(iterations).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'phases[0][iterations]' });
    const both = await failure(
      t.stripe.subscriptionSchedules.create({
        customer: customer.id,
        phases: [{ items: [{ price: basic.id }], end_date: START + 40 * DAY, duration: { interval: 'month' } }],
      }),
    );
    expect(both).toMatchObject({ statusCode: 400, param: 'phases[0][duration]' });

    const schedule = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const updateUnknown = await failure(t.stripe.rawRequest('POST', `/v1/subscription_schedules/${schedule.id}`, { colour: 'red' }));
    expect(updateUnknown).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'colour' });
    const other = await failure(
      t.stripe.subscriptionSchedules.update(schedule.id, {
        phases: [{ start_date: schedule.phases[0].start_date, end_date: schedule.phases[0].end_date, items: [{ price: eur.id }] }],
      }),
    );
    expect(other).toMatchObject({ statusCode: 400, param: 'phases[0][items][0][price]' });
    expect((await failure(t.stripe.subscriptionSchedules.retrieve('sub_sched_nope'))).statusCode).toBe(404);
  });

  it('a subscription managed by a schedule refuses direct cancellation changes (Stripe’s error, as its users quote it)', async () => {
    const { sub } = await subscribedOnPro();
    const schedule = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const err = await failure(t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true }));
    expect(err.statusCode).toBe(400);
    expect(err.message).toBe(
      `The subscription is managed by the subscription schedule \`${schedule.id}\`, and updating any cancelation behavior directly is not allowed. Please update the schedule instead.`,
    );
    // Other updates go through.
    const updated = await t.stripe.subscriptions.update(sub.id, { metadata: { note: 'ok' } });
    expect(updated.metadata).toMatchObject({ note: 'ok' });
  });
});

describe('subscription schedules: around them', () => {
  it('canceling the subscription itself cancels its schedule (API cancel; EVENTS subscription_schedule.canceled)', async () => {
    const { sub } = await subscribedOnPro();
    const schedule = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    await t.stripe.subscriptions.cancel(sub.id);
    const after = await t.stripe.subscriptionSchedules.retrieve(schedule.id);
    expect(after).toMatchObject({ status: 'canceled', canceled_at: START });
    expect(await eventsFor(t.stripe, 'subscription_schedule.canceled', schedule.id)).toHaveLength(1);
  });

  it('is aborted when dunning cancels its subscription (EVENTS subscription_schedule.aborted: "canceled because of delinquency")', async () => {
    const { clock, customer, sub } = await subscribedOnPro();
    const failing = await t.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await t.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    const schedule = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    await t.stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { start_date: START, end_date: monthStart(1), items: [{ price: pro.id }] },
        { items: [{ price: basic.id }], duration: { interval: 'month', interval_count: 3 } },
      ],
    });
    // The default retry policy (1, 3, 7 days, then cancel) ends the subscription a week after the failed renewal.
    await advanceClock(t.stripe, clock.id, monthStart(1) + 8 * DAY);
    expect(await t.stripe.subscriptions.retrieve(sub.id)).toMatchObject({ status: 'canceled', cancellation_details: { reason: 'payment_failed' } });
    expect(await t.stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({ status: 'canceled', current_phase: null });
    expect(await eventsFor(t.stripe, 'subscription_schedule.aborted', schedule.id)).toHaveLength(1);
    expect(await eventsFor(t.stripe, 'subscription_schedule.canceled', schedule.id)).toHaveLength(0);
  });

  it('delivers its events, signed, to webhook endpoints (EVENTS)', async () => {
    const r = await startReceiver();
    try {
      await t.stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['subscription_schedule.created', 'subscription_schedule.released'] });
      const { sub } = await subscribedOnPro();
      const schedule = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
      await t.stripe.subscriptionSchedules.release(schedule.id);
      const types = () =>
        r.received
          .map((d) => JSON.parse(d.body) as Stripe.Event)
          .filter((e) => (e.data.object as { id?: string }).id === schedule.id)
          .map((e) => e.type);
      await waitFor(() => types().length === 2);
      expect(types()).toEqual(['subscription_schedule.created', 'subscription_schedule.released']);
      expect(r.received.every((d) => d.signature.startsWith('t='))).toBe(true);
    } finally {
      await r.close();
    }
  });

  it('survives a restart with its data file, and still moves to its next phase', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-schedules-'));
    const dataFile = join(dir, 'state.json');
    try {
      const first = await startOpsEmulator({ dataFile });
      const price = await recurringPrice(first.stripe, 1000, 'Basic');
      const cheaper = await recurringPrice(first.stripe, 400, 'Lite');
      const { clock, customer } = await clockCustomer(first.stripe);
      const sub = await first.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
      const schedule = await first.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
      await first.stripe.subscriptionSchedules.update(schedule.id, {
        phases: [{ start_date: START, end_date: monthStart(1), items: [{ price: price.id }] }, { items: [{ price: cheaper.id }] }],
      });
      await first.emulator.close();

      const second = await startOpsEmulator({ dataFile });
      try {
        const loaded = await second.stripe.subscriptionSchedules.retrieve(schedule.id);
        expect(loaded.phases).toHaveLength(2);
        expect((await second.stripe.subscriptions.retrieve(sub.id)).schedule).toBe(schedule.id);
        await advanceClock(second.stripe, clock.id, monthStart(1) + 60);
        const renewed = await second.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
        expect(renewed.items.data[0].price.id).toBe(cheaper.id);
        expect(renewed.latest_invoice).toMatchObject({ amount_paid: 400 });
      } finally {
        await second.emulator.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
