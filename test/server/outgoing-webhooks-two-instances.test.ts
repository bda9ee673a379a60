import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { noticeAllStateChanges } from '../../server/appEvents/notice';
import { AppEvent, StripeEvent, WebhookDelivery } from '../../server/db/models';
import { dropTestDatabase, testDatabaseUrl, testPostgresUrl } from '../helpers/database';
import { customerLifecycleStream } from '../helpers/eventStream';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { startReceiver, type Receiver } from '../helpers/webhookReceiver';
import { deliver } from '../helpers/webhooks';

/**
 * Two Recur instances on one PostgreSQL database, both applying Stripe events and both running
 * the outgoing-webhook worker: each (event, endpoint) pair reaches the receiver exactly once.
 * SQLite has one process per file, so there is no second instance there: PostgreSQL runs only.
 */
describe.skipIf(!testPostgresUrl())('outgoing webhooks on two instances sharing PostgreSQL', () => {
  let emulator: RunningEmulator;
  let databaseUrl: string;
  let a: TestRecur;
  let b: TestRecur;
  let first: Receiver;
  let second: Receiver;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    databaseUrl = await testDatabaseUrl();
    a = await startTestRecur({ emulator, databaseUrl, seed: true });
    b = await startTestRecur({ emulator, databaseUrl });
    first = await startReceiver();
    second = await startReceiver();
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await emulator?.close();
    await first?.close();
    await second?.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  async function send(recur: TestRecur, events: object[], connections: number): Promise<void> {
    let next = 0;
    const sender = async () => {
      while (next < events.length) expect((await deliver(recur, events[next++]!)).status).toBe(200);
    };
    await Promise.all(Array.from({ length: connections }, sender));
  }

  it('delivers each event to each endpoint once', async () => {
    const cookie = await signInCookie(a.app);
    for (const receiver of [first, second]) {
      const via = receiver === first ? a : b;
      const res = await via.app.request('/api/webhook-endpoints', {
        method: 'POST',
        headers: { cookie, origin: via.baseUrl, 'content-type': 'application/json' },
        body: JSON.stringify({ url: receiver.url }),
      });
      expect(res.status).toBe(201);
      receiver.secret = ((await res.json()) as { secret: string }).secret;
    }
    // The stream in phases as Stripe makes them, parents first (signed up, paid; a month later
    // past_due; then settled), each split over both instances. Changes between two comparisons
    // are announced together, so each phase is compared before the next one changes them again.
    const stream = customerLifecycleStream(60, 'price_outside_recur');
    type Streamed = { type: string; data: { object: { id: string; status?: string } } };
    const phaseOf = (e: Streamed) =>
      e.type === 'customer.created'
        ? 0
        : e.type === 'customer.subscription.created'
          ? 1
          : e.data.object.id.endsWith('_1')
            ? 2
            : e.data.object.status === 'past_due'
              ? 3
              : 4;
    const phases = [0, 1, 2, 3, 4].map((n) => stream.filter((e) => phaseOf(e as Streamed) === n));
    for (const phase of phases) {
      await Promise.all([
        send(
          a,
          phase.filter((_, i) => i % 2 === 0),
          6,
        ),
        send(
          b,
          phase.filter((_, i) => i % 2 === 1),
          6,
        ),
      ]);
      await expect.poll(async () => StripeEvent.count({ where: { status: 'pending' } }), { timeout: 30_000 }).toBe(0);
      // either instance may compare
      await noticeAllStateChanges(b.db);
    }
    await Promise.all([a.inbox.idle(), b.inbox.idle()]);

    const events = await AppEvent.count();
    expect(events).toBeGreaterThanOrEqual(60 * 2);
    for (const receiver of [first, second]) {
      await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(events);
    }
    // nothing more arrives once every delivery has settled
    await expect.poll(async () => WebhookDelivery.count({ where: { status: 'succeeded' } }), { timeout: 30_000 }).toBe(events * 2);
    for (const receiver of [first, second]) {
      expect(receiver.received.length).toBe(events);
      expect(new Set(receiver.received.map((r) => r.id)).size).toBe(events);
      for (const got of receiver.received) expect(got.verifyError).toBeNull();
    }
    expect(await WebhookDelivery.count()).toBe(events * 2);
    expect(await WebhookDelivery.count({ where: { attempts: 1 } })).toBe(events * 2);
    const types = new Set(first.received.map((r) => r.body!.type));
    for (const type of ['subscription.created', 'subscription.updated', 'subscription.canceled', 'payment.succeeded', 'access.changed'])
      expect(types).toContain(type);
  }, 90_000);
});
