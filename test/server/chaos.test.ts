import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { initModels, StripeEvent } from '../../server/db/models';
import { openDatabase } from '../../server/db/sequelize';
import { advanceClock, DAY, START } from '../helpers/clock';
import { dropTestDatabase, testDatabaseUrl } from '../helpers/database';
import { freePort } from '../helpers/ports';
import { startRecurProcess, type RecurProcess } from '../helpers/process';
import { TEST_WEBHOOK_SECRET } from '../helpers/recur';
import { maintainedTotals, totalsFromScratch } from '../helpers/state';
import { recurState, stripeState } from '../helpers/stripeTruth';

/**
 * Issue 7's chaos run: real billing activity in the emulator makes over 10,000 events; their
 * deliveries are 30 % duplicated, shuffled and 5 % dropped, and Recur is killed with SIGKILL twice
 * while they stream in. After catch-up Recur's database must equal Stripe's state exactly.
 */
const CUSTOMERS = 520;
const FAULTS = { seed: 20261122, deliveries: { duplicateRate: 0.3, shuffleWindow: 20, shuffleHoldMs: 50, dropRate: 0.05 } };

let emulator: RunningEmulator;
let stripe: Stripe;
beforeAll(async () => {
  // Stripe retries failed deliveries for days; the emulator is told to do it within seconds.
  emulator = await startEmulator({ port: 0, webhooks: { baseDelayMs: 300, maxDelayMs: 3_000, maxAttempts: 12 } });
  stripe = new Stripe('sk_test_chaos', { host: '127.0.0.1', port: emulator.port, protocol: 'http', maxNetworkRetries: 3 });
});
afterAll(() => emulator.close());

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function emulatorControl(path: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(`${emulator.url}/_emulator${path}`, { ...init, headers: { 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res;
}

it('ends equal to Stripe after 10,000 faulty deliveries and two SIGKILLs', async () => {
  const env = {
    PORT: String(await freePort()),
    DATABASE_URL: await testDatabaseUrl(),
    EMULATOR_URL: emulator.url,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    ADMIN_PASSWORD: 'chaos test password',
  };
  let recur: RecurProcess = await startRecurProcess(env); // seeds its catalog into the emulator
  // Its catalog's events predate its webhook endpoint: Stripe never sends those, and Recur has the catalog already.
  const beforeEndpoint = new Set<string>();
  for await (const e of stripe.events.list({ limit: 100 })) beforeEndpoint.add(e.id);
  const restart = async () => {
    await recur.kill();
    recur = await startRecurProcess(env);
  };
  await emulatorControl('/faults', { method: 'PUT', body: JSON.stringify(FAULTS) });

  const prices: string[] = [];
  for await (const p of stripe.prices.list({ active: true, limit: 100 }))
    if (p.recurring?.interval === 'month' || p.recurring?.interval === 'week') prices.push(p.id);
  expect(prices.length).toBeGreaterThanOrEqual(3);
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START });

  // Sign-ups: a fifth on a card that fails every charge. The first kill lands in the middle.
  const subscriptions: Stripe.Subscription[] = [];
  let killed: Promise<void> | undefined;
  await pool([...Array(CUSTOMERS).keys()], 8, async (i) => {
    if (i === Math.floor(CUSTOMERS * 0.4)) killed = restart();
    const customer = await stripe.customers.create({
      email: `chaos${i}@example.com`,
      name: `Chaos ${i}`,
      test_clock: clock.id,
      invoice_settings: { default_payment_method: i % 5 === 0 ? 'pm_card_chargeCustomerFail' : 'pm_card_visa' },
    });
    subscriptions.push(await stripe.subscriptions.create({ customer: customer.id, items: [{ price: prices[i % prices.length]! }] }));
  });
  await killed;

  // Changes between renewals: cancellations, plan changes, cards that start failing.
  const active = subscriptions.filter((s) => s.status === 'active');
  await pool(
    active.map((s, i) => ({ s, i })),
    8,
    async ({ s, i }) => {
      if (i % 10 === 1) await stripe.subscriptions.update(s.id, { cancel_at_period_end: true });
      if (i % 10 === 2) await stripe.subscriptions.cancel(s.id);
      if (i % 10 === 3)
        await stripe.subscriptions.update(s.id, {
          items: [{ id: s.items.data[0]!.id, price: prices[(i + 1) % prices.length]! }],
          proration_behavior: 'create_prorations',
        });
      if (i % 10 === 4) await stripe.customers.update(s.customer as string, { invoice_settings: { default_payment_method: 'pm_card_chargeCustomerFail' } });
    },
  );

  // A month of renewals and dunning retries; the second kill lands while they stream in.
  const advancing = advanceClock(stripe, clock.id, START + 31 * DAY);
  await new Promise((r) => setTimeout(r, 1_500));
  await restart();
  await advancing;

  const streamed: string[] = [];
  for await (const e of stripe.events.list({ limit: 100 })) if (!beforeEndpoint.has(e.id)) streamed.push(e.id);
  const events = streamed.length;
  expect(events).toBeGreaterThanOrEqual(10_000);
  await emulatorControl('/deliveries/idle?timeout_ms=120000');
  const injected = (await (await emulatorControl('/faults/injected')).json()) as { dropped: number; duplicated: number };
  expect(injected.dropped).toBeGreaterThan(events * 0.03);
  expect(injected.duplicated).toBeGreaterThan(events * 0.2);

  // Dropped deliveries are never retried by Stripe: a restart's catch-up reads them from /v1/events.
  await recur.stop();
  recur = await startRecurProcess(env);
  const db = await openDatabase(env.DATABASE_URL);
  initModels(db.sequelize);
  try {
    const missing = async () => {
      const stored = new Set((await StripeEvent.findAll({ attributes: ['id'] })).map((e) => e.id));
      return streamed.filter((id) => !stored.has(id));
    };
    const settled = async () => (await missing()).length === 0 && (await StripeEvent.count({ where: { status: 'pending' } })) === 0;
    for (let i = 0; i < 300 && !(await settled()); i++) await new Promise((r) => setTimeout(r, 200));
    expect(await missing()).toEqual([]);
    // Failed events are listed with their errors, so a failure says why.
    const failedEvents = await StripeEvent.findAll({ where: { status: 'failed' }, attributes: ['id', 'type', 'error'], limit: 5 });
    expect(failedEvents.map((e) => `${e.type}: ${e.error}`)).toEqual([]);

    const truth = await stripeState(stripe);
    expect(truth.payments.filter((p) => p.status === 'failed').length).toBeGreaterThan(50);
    const mirror = await recurState();
    // CHAOS_DEBUG=1 keeps both states in test-output/ for diffing a failure by hand.
    if (process.env.CHAOS_DEBUG) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync('test-output/chaos-state.json', JSON.stringify({ mirror, truth }));
    }
    expect(mirror).toEqual(truth);
    expect(await totalsFromScratch()).toEqual(await maintainedTotals());
  } finally {
    await recur.stop();
    await db.close();
    await dropTestDatabase(env.DATABASE_URL);
  }
}, 600_000);
