import type Stripe from 'stripe';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripeEvent } from '../../server/db/models';
import { APPLY_YIELDS_ABOVE_PER_SECOND, IntakeCounter, IntakeYield, MAX_YIELD_MS, YIELD_FACTOR, type YieldClock } from '../../server/stripe/inbox/intakeYield';
import { customerLifecycleStream } from '../helpers/eventStream';
import { startTestRecur, type TestRecur } from '../helpers/recur';
import { maintainedTotals, totalsFromScratch } from '../helpers/state';

// A delivery's 2xx waits for its commit; an event's applying can wait (Stripe: "return a
// successful status code (2xx) prior to any complex logic that could cause a timeout", docs
// webhooks best practices). During a heavy burst applying gives the CPU to intake, never stopping.

/** A clock the test moves by hand; sleeping moves it too, and every pause is kept. */
function handClock(): YieldClock & { at: number; pauses: number[] } {
  const clock = {
    at: 0,
    pauses: [] as number[],
    now: () => clock.at,
    sleep: async (ms: number) => {
      clock.pauses.push(ms);
      clock.at += ms;
    },
  };
  return clock;
}

/** A pacer on a fresh counter, timed by a hand clock. */
function handPaced() {
  const counter = new IntakeCounter();
  const clock = handClock();
  return { counter, clock, pacer: new IntakeYield(counter, clock) };
}

describe('applying yields to a heavy burst of deliveries', () => {
  it('pauses after a batch, YIELD_FACTOR times its length, while deliveries come faster than the threshold', async () => {
    const { counter, clock, pacer } = handPaced();
    // The first batch only starts the measure: nothing says yet how fast deliveries come.
    expect(await pacer.afterBatch(40)).toBe(0);
    // 100 ms later, 2.5 times the threshold's deliveries for that time arrived.
    for (let i = 0; i < (APPLY_YIELDS_ABOVE_PER_SECOND / 10) * 2.5; i++) counter.note();
    clock.at += 100;
    expect(await pacer.afterBatch(40)).toBe(40 * YIELD_FACTOR);
    expect(clock.pauses).toEqual([40 * YIELD_FACTOR]);
  });

  it('does not pause below the threshold, and stops pausing with the batch after a burst ends', async () => {
    const { counter, clock, pacer } = handPaced();
    await pacer.afterBatch(10);
    // Just under the threshold over one second.
    for (let i = 0; i < APPLY_YIELDS_ABOVE_PER_SECOND - 1; i++) counter.note();
    clock.at += 1_000;
    expect(await pacer.afterBatch(10)).toBe(0);
    // A burst...
    for (let i = 0; i < APPLY_YIELDS_ABOVE_PER_SECOND; i++) counter.note();
    clock.at += 200;
    expect(await pacer.afterBatch(10)).toBe(10 * YIELD_FACTOR);
    // ...that ended: the next batch measures the time since the last one, with no delivery in it.
    clock.at += 200;
    expect(await pacer.afterBatch(10)).toBe(0);
    expect(clock.pauses).toEqual([10 * YIELD_FACTOR]);
  });

  it('never pauses longer than MAX_YIELD_MS, whatever the batch took', async () => {
    const { counter, clock, pacer } = handPaced();
    await pacer.afterBatch(1);
    for (let i = 0; i < APPLY_YIELDS_ABOVE_PER_SECOND * 10; i++) counter.note();
    clock.at += 1_000;
    expect(await pacer.afterBatch(60_000)).toBe(MAX_YIELD_MS);
  });

  it('reads the deliveries another thread counted (the request thread counts, the apply thread reads)', async () => {
    const counter = new IntakeCounter();
    // The same counter class, built in a real worker thread on the shared buffer.
    const thread = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const cells = new Int32Array(workerData);
       for (let i = 0; i < 5000; i++) Atomics.add(cells, 0, 1);
       parentPort.postMessage('done');`,
      { eval: true, workerData: counter.buffer },
    );
    for (let i = 0; i < 5000; i++) counter.note();
    await new Promise((resolve) => thread.once('message', resolve));
    await thread.terminate();
    expect(counter.read()).toBe(10_000);
  });
});

describe('a burst of deliveries recorded faster than applying yields to', () => {
  let recur: TestRecur;
  beforeAll(async () => {
    recur = await startTestRecur();
  });
  afterAll(() => recur.close());

  it('is applied while it lasts, every event once, and the totals agree with a recount', async () => {
    // 600 customers' lifecycles: 3,600 events, recorded 50 at a time (as concurrent deliveries
    // commit) every 30 ms: at most 1,667 a second, above the threshold, for two seconds or more.
    const stream = customerLifecycleStream(600, 'price_outside_recur') as Stripe.Event[];
    expect(stream.length).toBe(3_600);
    const processed = () => StripeEvent.count({ where: { status: 'processed' } });
    for (let i = 0; i < stream.length; i += 50) {
      const outcomes = await Promise.all(stream.slice(i, i + 50).map((event) => recur.inbox.record(event)));
      expect(outcomes.every((duplicate) => duplicate === false)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    // Applying went on during the burst: it yields, it does not stop.
    expect(await processed()).toBeGreaterThan(0);
    await recur.inbox.idle();
    expect(await StripeEvent.count({ where: { status: ['pending', 'failed'] } })).toBe(0);
    expect(await processed()).toBe(stream.length);
    expect(await maintainedTotals()).toEqual(await totalsFromScratch());
  }, 120_000);
});
