import type Stripe from 'stripe';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/index';
import { startOpsEmulator } from '../helpers/ops';
import { DAY, START, advanceClock } from '../helpers/clock';

const dir = mkdtempSync(join(tmpdir(), 'emulator-billing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TRIAL_END = START + 5 * DAY;

interface Ids {
  clock: string;
  customer: string;
  subscription: string;
}

/** What the scenario shows at each step, without ids, so two runs can be compared. */
type Observation = (string | number | null)[];

async function observe(stripe: Stripe, ids: Ids): Promise<Observation> {
  const sub = await stripe.subscriptions.retrieve(ids.subscription, { expand: ['latest_invoice'] });
  const inv = sub.latest_invoice;
  if (inv === null || typeof inv === 'string') throw new Error('latest_invoice was not expanded');
  const failures = await stripe.events.list({ type: 'invoice.payment_failed', limit: 100 });
  return [sub.status, inv.status, inv.amount_due, inv.attempt_count, inv.next_payment_attempt, failures.data.length];
}

/**
 * A trialing subscription with a forever coupon on a 0341 card, on a test clock, with a custom
 * retry schedule: everything the billing engine keeps (clock, subscription, coupon, card
 * behaviour, settings, dunning) has to survive between the steps for the renewal to fail and
 * retry on schedule.
 */
async function setUp(emulator: RunningEmulator, stripe: Stripe): Promise<Ids> {
  const settings = await fetch(`${emulator.url}/_emulator/settings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ retrySchedule: [2, 4], afterRetries: 'unpaid' }),
  });
  expect(settings.status).toBe(200);
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START });
  const customer = await stripe.customers.create({
    email: 'restart@x.io',
    test_clock: clock.id,
    invoice_settings: { default_payment_method: 'pm_card_chargeCustomerFail' },
  });
  const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'forever' });
  const price = await stripe.prices.create({ currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' }, product_data: { name: 'Kept' } });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id }],
    trial_end: TRIAL_END,
    discounts: [{ coupon: coupon.id }],
  });
  expect(sub.status).toBe('trialing');
  return { clock: clock.id, customer: customer.id, subscription: sub.id };
}

/** Advance targets: the trial's end, then each retry of the [2, 4] schedule. */
const TARGETS = [TRIAL_END + 60, TRIAL_END + 2 * DAY + 60, TRIAL_END + 4 * DAY + 60];

async function run(restart: boolean): Promise<Observation[]> {
  const dataFile = join(dir, `${restart ? 'restarted' : 'continuous'}.json`);
  let { emulator, stripe } = await startOpsEmulator({ dataFile });
  const ids = await setUp(emulator, stripe);
  const seen: Observation[] = [await observe(stripe, ids)];
  for (const to of TARGETS) {
    if (restart) {
      await emulator.close();
      ({ emulator, stripe } = await startOpsEmulator({ dataFile }));
    }
    await advanceClock(stripe, ids.clock, to);
    seen.push(await observe(stripe, ids));
  }
  await emulator.close();
  return seen;
}

describe('billing state across a restart', () => {
  it('fails and retries a 0341 renewal on a test clock exactly as without the restart', async () => {
    const restarted = await run(true);
    expect(restarted).toEqual([
      ['trialing', 'paid', 0, 0, null, 0],
      ['past_due', 'open', 1800, 1, TRIAL_END + 2 * DAY, 1],
      ['past_due', 'open', 1800, 2, TRIAL_END + 4 * DAY, 2],
      ['unpaid', 'open', 1800, 3, null, 3],
    ]);
    expect(await run(false)).toEqual(restarted);
  });
});
