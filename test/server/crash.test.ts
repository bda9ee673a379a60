import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { Op } from 'sequelize';
import { Payment, StripeEvent } from '../../server/db/models';
import { initModels } from '../../server/db/models';
import { openDatabase } from '../../server/db/sequelize';
import { dropTestDatabase, stagedDeliveries, testDatabaseUrl } from '../helpers/database';
import { customerLifecycleStream } from '../helpers/eventStream';
import { freePort } from '../helpers/ports';
import { startRecurProcess, type RecurProcess } from '../helpers/process';
import { startTestRecur, TEST_WEBHOOK_SECRET } from '../helpers/recur';
import { maintainedTotals, mirroredState, totalsFromScratch } from '../helpers/state';
import { deliver, signedDelivery } from '../helpers/webhooks';

const signer = new Stripe('sk_test_signer');
let emulator: RunningEmulator;
let stream: object[];
let expected: Awaited<ReturnType<typeof mirroredState>>;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  // The reference: the same stream applied by one uninterrupted in-process instance.
  const reference = await startTestRecur({ emulator, seed: true });
  // A price no catalog knows: each instance seeds its own plans, so plan links would differ by design.
  stream = customerLifecycleStream(400, 'price_outside_recur');
  for (const event of stream) await deliver(reference, event);
  await reference.inbox.idle();
  expected = await mirroredState();
  await reference.close();
}, 120_000);

afterAll(() => emulator.close());

/** Posts events like Stripe does: concurrently, and what was not acknowledged with a 2xx is sent again later. */
async function send(url: string, events: object[], acked: Set<string>, stopAfter = Infinity): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < events.length && acked.size < stopAfter) {
      const event = events[next++] as { id: string };
      const payload = JSON.stringify(event);
      try {
        const res = await fetch(`${url}/webhooks/stripe`, signedDelivery(signer, payload));
        if (res.ok) acked.add(event.id);
      } catch {
        // the server died mid-request: not acknowledged, so it will be sent again
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

it('loses nothing and applies nothing twice when killed with SIGKILL twice mid-stream', async () => {
  const env = {
    PORT: String(await freePort()),
    DATABASE_URL: await testDatabaseUrl(),
    EMULATOR_URL: emulator.url,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    ADMIN_PASSWORD: 'crash test password',
  };
  const acked = new Set<string>();
  let recur: RecurProcess = await startRecurProcess(env);
  for (const killAt of [stream.length * 0.3, stream.length * 0.7]) {
    const sending = send(recur.url, stream, acked, killAt);
    while (acked.size < killAt) await new Promise((r) => setTimeout(r, 5));
    await recur.kill(); // mid-request and, very likely, mid-apply
    await sending;
    recur = await startRecurProcess(env);
  }
  // Stripe resends whatever was not acknowledged; duplicates of acknowledged ones arrive too.
  const unacked = stream.filter((e) => !acked.has((e as { id: string }).id));
  await send(recur.url, [...unacked, ...stream.slice(0, 200)], acked);
  expect(acked.size).toBe(stream.length);

  const db = await openDatabase(env.DATABASE_URL);
  initModels(db.sequelize);
  try {
    // A failed apply (say, a Stripe read cut by the kill) is retried after a few seconds: part of the backlog.
    const backlog = async () => (await stagedDeliveries(env.DATABASE_URL)) + (await StripeEvent.count({ where: { status: ['pending', 'failed'] } }));
    for (let i = 0; i < 600 && (await backlog()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    // The emulator also delivers its own events (the catalog each start seeds): count the stream's.
    const fromStream = { id: { [Op.like]: 'evt_stream_%' } };
    expect(await StripeEvent.count({ where: fromStream })).toBe(stream.length);
    const unprocessed = await StripeEvent.findAll({ where: { ...fromStream, status: { [Op.ne]: 'processed' } }, attributes: ['id', 'status', 'error'] });
    expect(unprocessed.map((e) => `${e.id} ${e.status}: ${e.error}`)).toEqual([]);
    expect(await Payment.count()).toBe(800);
    expect(await mirroredState()).toEqual(expected);
    expect(await totalsFromScratch()).toEqual(await maintainedTotals());
  } finally {
    await recur.stop();
    await db.close();
    await dropTestDatabase(env.DATABASE_URL);
  }
}, 180_000);
