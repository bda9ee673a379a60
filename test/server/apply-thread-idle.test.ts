import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, StripeEvent } from '../../server/db/models';
import { startEmulator } from '../../emulator';
import { dropTestDatabase, tempSqliteUrl, testPostgresUrl } from '../helpers/database';
import { eventually, startTestRecur, type TestRecur } from '../helpers/recur';
import { allEvents, deliver } from '../helpers/webhooks';

/**
 * On a SQLite file, webhook events are applied in a worker thread that costs ~38 MB resident while
 * it exists (issue 17's idle-memory target). It runs only while there is work: started by a delivery
 * or by work a previous run left, stopped after `retireAfterMs` without work. No delivery may wait
 * for good, and a failed event waiting for its automatic retry keeps the thread.
 */
const RETIRE_AFTER_MS = 300;

describe.skipIf(testPostgresUrl() !== null)('the webhook apply thread runs only while there is work (SQLite)', () => {
  let recur: TestRecur;
  const seen = new Set<string>();

  /** A customer made in Stripe; resolves with the customer.created event Stripe sent for it. */
  async function customerCreated(email: string): Promise<Stripe.Event> {
    const customer = await recur.stripe.customers.create({ email });
    const event = (await allEvents(recur.stripe)).find(
      (e) => !seen.has(e.id) && e.type === 'customer.created' && (e.data.object as Stripe.Customer).id === customer.id,
    );
    expect(event).toBeDefined();
    seen.add(event!.id);
    return event!;
  }

  beforeAll(async () => {
    recur = await startTestRecur({ inbox: { retireAfterMs: RETIRE_AFTER_MS } });
  });
  afterAll(() => recur.close());

  it('starts with no thread when nothing waits to be applied', async () => {
    // Let the start-up check (is anything staged, pending or due for a retry?) answer.
    await recur.inbox.idle();
    expect(recur.inbox.applyThreadRunning()).toBe(false);
  });

  it('starts one for a delivery, applies it, and stops it once idle', async () => {
    const event = await customerCreated('first@example.com');
    expect((await deliver(recur, event)).status).toBe(200);
    expect(recur.inbox.applyThreadRunning()).toBe(true);
    await recur.inbox.idle();
    expect((await StripeEvent.findByPk(event.id))!.status).toBe('processed');
    expect(await Customer.count({ where: { email: 'first@example.com' } })).toBe(1);
    await eventually(async () => !recur.inbox.applyThreadRunning(), 5_000);
  });

  it('starts a new one for the next delivery, which is applied as before', async () => {
    expect(recur.inbox.applyThreadRunning()).toBe(false);
    const events = [await customerCreated('second@example.com'), await customerCreated('third@example.com')];
    for (const event of events) expect((await deliver(recur, event)).status).toBe(200);
    await recur.inbox.idle();
    for (const event of events) expect((await StripeEvent.findByPk(event.id))!.status).toBe('processed');
    expect(await Customer.count({ where: { email: ['second@example.com', 'third@example.com'] } })).toBe(2);
    await eventually(async () => !recur.inbox.applyThreadRunning(), 5_000);
  });

  it('keeps the thread while a failed event waits for its automatic retry', async () => {
    const event = await customerCreated('retry@example.com');
    expect((await deliver(recur, event)).status).toBe(200);
    await recur.inbox.idle();
    // As the worker leaves an event that failed with retries left (worker.ts applyAlone).
    await recur.db.write((transaction) =>
      StripeEvent.update(
        { status: 'failed', attempts: 1, error: 'a test failure', nextAttemptAt: new Date(Date.now() + 60_000) },
        { where: { id: event.id }, transaction },
      ),
    );
    // The thread may have stopped before the failure was written; a kick starts it again.
    recur.inbox.kick();
    await new Promise((resolve) => setTimeout(resolve, RETIRE_AFTER_MS * 4));
    expect(recur.inbox.applyThreadRunning()).toBe(true);
    // Its retry comes due: the thread's poll applies it, and then nothing keeps the thread.
    await recur.db.write((transaction) => StripeEvent.update({ nextAttemptAt: new Date(Date.now() - 1_000) }, { where: { id: event.id }, transaction }));
    await eventually(async () => (await StripeEvent.findByPk(event.id))!.status === 'processed', 10_000);
    await eventually(async () => !recur.inbox.applyThreadRunning(), 5_000);
  });

  it('applies a replayed event with no thread running', async () => {
    const event = await customerCreated('replay@example.com');
    expect((await deliver(recur, event)).status).toBe(200);
    await recur.inbox.idle();
    await eventually(async () => !recur.inbox.applyThreadRunning(), 5_000);
    await Customer.destroy({ where: { email: 'replay@example.com' } });
    await recur.db.write((transaction) => StripeEvent.update({ status: 'pending' }, { where: { id: event.id }, transaction }));
    recur.inbox.kick();
    await recur.inbox.idle();
    expect((await StripeEvent.findByPk(event.id))!.status).toBe('processed');
    expect(await Customer.count({ where: { email: 'replay@example.com' } })).toBe(1);
  });
});

describe.skipIf(testPostgresUrl() !== null)('work left by a previous run starts the apply thread (SQLite)', () => {
  it('applies an event left pending when Recur stops, on the next start', async () => {
    // One Stripe and one database file for both runs; each run's close keeps them.
    const emulator = await startEmulator({ port: 0 });
    const databaseUrl = tempSqliteUrl();
    try {
      const first = await startTestRecur({ emulator, databaseUrl, seed: true });
      const customer = await first.stripe.customers.create({ email: 'left@example.com' });
      const event = (await allEvents(first.stripe)).find((e) => e.type === 'customer.created' && (e.data.object as Stripe.Customer).id === customer.id)!;
      // Stored as a delivery is, but not applied: as if Recur stopped right after storing it.
      await first.db.write((transaction) =>
        StripeEvent.create(
          {
            id: event.id,
            type: event.type,
            objectType: 'customer',
            objectId: customer.id,
            status: 'pending',
            payload: JSON.stringify(event),
            stripeCreated: event.created,
            receivedAt: new Date(),
          },
          { transaction },
        ),
      );
      await first.close();

      const second = await startTestRecur({ emulator, databaseUrl, inbox: { retireAfterMs: RETIRE_AFTER_MS } });
      try {
        await second.inbox.idle();
        expect((await StripeEvent.findByPk(event.id))!.status).toBe('processed');
        expect(await Customer.count({ where: { email: 'left@example.com' } })).toBe(1);
        await eventually(async () => !second.inbox.applyThreadRunning(), 5_000);
      } finally {
        await second.close();
      }
    } finally {
      await emulator.close();
      await dropTestDatabase(databaseUrl);
    }
  });
});
