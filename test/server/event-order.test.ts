import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { StripeEvent } from '../../server/db/models';
import { startTestRecur } from '../helpers/recur';
import { signUp } from '../helpers/signup';
import { maintainedTotals, mirroredState, totalsFromScratch } from '../helpers/state';
import { allEvents, deliver } from '../helpers/webhooks';
import { shuffle } from '../helpers/shuffle';

let emulator: RunningEmulator;
let stream: Stripe.Event[];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  // One instance drives real signups; its emulator records the events Stripe would send.
  const source = await startTestRecur({ emulator, seed: true });
  await signUp(source, 'Gold Monthly', 'ada@example.com');
  await signUp(source, 'Silver Weekly', 'bob@example.com');
  await signUp(source, 'Platinum Yearly', 'cy@example.com');
  await signUp(source, 'Silver Daily', 'ada@example.com');
  stream = await allEvents(source.stripe);
  await source.close();
}, 120_000);

afterAll(() => emulator.close());

/** Applies one ordering of the stream to a fresh database and returns what Recur ends up with. */
async function apply(events: Stripe.Event[], oneAtATime: boolean) {
  const recur = await startTestRecur({ emulator });
  try {
    for (const event of events) {
      expect((await deliver(recur, event)).status).toBe(200);
      if (oneAtATime) await recur.inbox.idle();
    }
    await recur.inbox.idle();
    expect(await StripeEvent.count({ where: { status: 'failed' } })).toBe(0);
    expect(await totalsFromScratch()).toEqual(await maintainedTotals());
    return await mirroredState();
  } finally {
    await recur.close();
  }
}

describe('one event stream, any delivery order', () => {
  let inOrder: Awaited<ReturnType<typeof mirroredState>>;

  beforeAll(async () => {
    inOrder = await apply(stream, true);
  }, 120_000);

  it('mirrors what the stream describes', () => {
    expect(stream.length).toBeGreaterThan(40);
    // Ada signed up twice and stays one customer: the form finds her in Stripe by e-mail.
    expect(inOrder.customers.map((c) => c.email)).toEqual(expect.arrayContaining(['ada@example.com', 'bob@example.com', 'cy@example.com']));
    expect(inOrder.customers.length).toBe(3);
    // Platinum has a 14-day trial: trialing, and its $0 first invoice is not a payment.
    expect(inOrder.subscriptions.map((s) => s.status).sort()).toEqual(['active', 'active', 'active', 'trialing']);
    expect(inOrder.payments.map((p) => p.amount).sort((a, b) => a - b)).toEqual([99, 499, 1900]);
    expect(inOrder.payments.every((p) => p.status === 'succeeded' && p.intent?.startsWith('pi_'))).toBe(true);
  });

  it.each([
    ['all at once (one batch)', () => stream, false],
    ['with every event duplicated', () => stream.flatMap((e, i) => (i % 2 ? [e, e] : [e])).concat(stream.slice(0, 10)), false],
    ['in reverse order, one at a time', () => [...stream].reverse(), true],
    ['in reverse order, one batch', () => [...stream].reverse(), false],
    ['with every event in the same second', () => stream.map((e) => ({ ...e, created: stream[0]!.created })), true],
    ['shuffled, duplicated, one at a time', () => shuffle([...stream, ...stream.slice(5, 25)], 7), true],
  ])(
    'ends in the same state when delivered %s',
    async (_how, events, oneAtATime) => {
      expect(await apply(events(), oneAtATime)).toEqual(inOrder);
      // One at a time, each of ~80 deliveries waits for its own batch: ~10 s alone, three times that
      // beside the rest of the suite on two cores.
    },
    120_000,
  );
});
