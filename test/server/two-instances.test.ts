import type Stripe from 'stripe';
import { Op } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { Payment, StripeEvent } from '../../server/db/models';
import { advanceClock, monthStart } from '../helpers/clock';
import { dropTestDatabase, testDatabaseUrl, testPostgresUrl } from '../helpers/database';
import { customerLifecycleStream } from '../helpers/eventStream';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { chargesOfInvoice } from '../helpers/stripeTruth';
import { signUp } from '../helpers/signup';
import { maintainedTotals, mirroredState, totalsFromScratch } from '../helpers/state';
import { allEvents, deliver } from '../helpers/webhooks';
import { shuffle } from '../helpers/shuffle';

/**
 * Two Recur instances on one PostgreSQL database (DESIGN §2: several instances may share it).
 * SQLite has one writer in one process, so there is no second instance to run there: this file
 * runs in the PostgreSQL run of the suite only (TEST_DATABASE_URL).
 */
describe.skipIf(!testPostgresUrl())('two instances on one PostgreSQL database', () => {
  let emulator: RunningEmulator;
  /** events of real signups: every object exists in the emulator, so any order can be applied */
  let signups: Stripe.Event[];
  /** a larger synthetic stream, in the order Stripe sends it (its objects exist only in the events) */
  let lifecycle: object[];
  let expected: Awaited<ReturnType<typeof mirroredState>>;
  let databaseUrl: string;
  let a: TestRecur;
  let b: TestRecur;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    const source = await startTestRecur({ emulator, seed: true });
    for (const [plan, email] of [
      ['Gold Monthly', 'ada@example.com'],
      ['Silver Weekly', 'bob@example.com'],
      ['Platinum Yearly', 'cy@example.com'],
      ['Silver Daily', 'ada@example.com'],
      ['Gold Yearly', 'dee@example.com'],
    ] as const) {
      await signUp(source, plan, email);
    }
    signups = await allEvents(source.stripe);
    await source.close();
    lifecycle = customerLifecycleStream(120, 'price_outside_recur');

    // The reference: one instance, fed everything in order (the signups one event at a time).
    const reference = await startTestRecur({ emulator });
    for (const event of signups) {
      expect((await deliver(reference, event)).status).toBe(200);
      await reference.inbox.idle();
    }
    for (const event of lifecycle) expect((await deliver(reference, event)).status).toBe(200);
    await reference.inbox.idle();
    expected = await mirroredState();
    await reference.close();

    databaseUrl = await testDatabaseUrl();
    a = await startTestRecur({ emulator, databaseUrl });
    b = await startTestRecur({ emulator, databaseUrl });
  }, 180_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await emulator?.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  /** Both instances idle with nothing pending: one may still be applying what the other left. */
  async function bothIdle(): Promise<void> {
    for (let round = 0; round < 200; round++) {
      await Promise.all([a.inbox.idle(), b.inbox.idle()]);
      if ((await StripeEvent.count({ where: { status: 'pending' } })) === 0) return;
      a.inbox.kick();
      b.inbox.kick();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('events stayed pending');
  }

  /** Delivers events to one instance with `connections` concurrent senders, as Stripe does. */
  async function send(recur: TestRecur, events: object[], connections: number): Promise<void> {
    let next = 0;
    const sender = async () => {
      while (next < events.length) {
        const res = await deliver(recur, events[next++]!);
        expect(res.status).toBe(200);
      }
    };
    await Promise.all(Array.from({ length: connections }, sender));
  }

  it('ends in the state one instance reaches, from the same stream shuffled, duplicated and split between them', async () => {
    const duplicated = [...signups, ...signups.slice(3, 30)];
    // Each instance gets every event (Stripe retrying against a load balancer), in its own order.
    // The signups' objects exist in Stripe, so they come in any order (missing parents are fetched);
    // the synthetic stream's exist only in its events, so its parents come first, as Stripe sends them.
    const ofType = (prefix: string) => lifecycle.filter((e) => (e as { type: string }).type.startsWith(prefix));
    const phases = [ofType('customer.created'), ofType('customer.subscription'), ofType('invoice')];
    await Promise.all([send(a, shuffle([...duplicated], 11), 8), send(b, shuffle([...duplicated], 29), 8)]);
    for (const phase of phases) {
      await Promise.all([send(a, [...phase, ...phase.slice(0, 40)], 8), send(b, shuffle([...phase], 5), 8)]);
    }
    await bothIdle();

    expect(await StripeEvent.count({ where: { status: 'failed' } })).toBe(0);
    expect(await StripeEvent.count()).toBe(new Set([...signups, ...lifecycle].map((e) => (e as { id: string }).id)).size);
    // Each event was applied by one instance, once: `attempts` counts every try of either.
    expect(await StripeEvent.count({ where: { status: 'processed', attempts: { [Op.ne]: 1 } } })).toBe(0);
    const state = await mirroredState();
    // Not one payment applied twice: one row per invoice attempt, exactly as the single instance has.
    expect(state.payments.length).toBe(expected.payments.length);
    expect(await Payment.count()).toBe(expected.payments.length);
    expect(state).toEqual(expected);
    expect(await totalsFromScratch()).toEqual(await maintainedTotals());
  });

  it('lets 50 concurrent retry clicks, split over both instances, reach Stripe exactly once', async () => {
    await a.listen();
    await b.listen();
    // A renewal on a card that attaches and then fails: a failed payment to retry.
    const clock = await a.stripe.testHelpers.testClocks.create({ frozen_time: monthStart(0) });
    const customer = await a.stripe.customers.create({ email: 'hopper@example.com', name: 'hopper', test_clock: clock.id });
    await signUp(a, 'Gold Monthly', 'hopper@example.com');
    await settle(a);
    await bothIdle();
    const subscription = (await a.stripe.subscriptions.list({ customer: customer.id })).data[0]!;
    const card = await a.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await a.stripe.subscriptions.update(subscription.id, { default_payment_method: card.id });
    await advanceClock(a.stripe, clock.id, monthStart(1) + 60);
    await settle(a);
    await settle(b);
    await bothIdle();
    const failed = (await Payment.findOne({
      where: { stripeInvoiceId: (await a.stripe.invoices.list({ subscription: subscription.id, status: 'open' })).data[0]!.id, status: 'failed' },
    }))!;
    expect(failed).toBeTruthy();
    // Each attempt is a charge: Stripe's attempt_count does not count manual payments.
    const before = (await chargesOfInvoice(a.stripe, failed.stripeInvoiceId)).length;

    // Sessions live in the database: a sign-in on one instance is valid on the other.
    const cookie = await signInCookie(a.app);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? b : a).app.request(`/api/payments/${failed.id}/retry`, { method: 'POST', headers: { cookie } })),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect((await chargesOfInvoice(a.stripe, failed.stripeInvoiceId)).length).toBe(before + 1);
  });
});
