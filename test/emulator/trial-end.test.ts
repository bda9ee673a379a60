import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { recurringPrice, startTestEmulator } from '../helpers/emulator';
import { eventsFor } from '../helpers/clock';

// Ending a trial with `trial_end=now` (subscriptions.update) meets
// trial_settings.end_behavior.missing_payment_method as reaching the trial's end would, and
// customer.subscription.trial_will_end "occurs ... when a trial is ended immediately (using trial_end=now)".
let t: TestEmulator;
let price: Stripe.Price;
beforeAll(async () => {
  t = await startTestEmulator();
  price = await recurringPrice(t.stripe, 1500, 'Trial');
});
afterAll(async () => {
  await t.emulator.close();
});

async function trialing(missing: 'pause' | 'cancel' | 'create_invoice', customer?: string): Promise<Stripe.Subscription> {
  const id = customer ?? (await t.stripe.customers.create({})).id;
  return t.stripe.subscriptions.create({
    customer: id,
    items: [{ price: price.id }],
    trial_period_days: 7,
    trial_settings: { end_behavior: { missing_payment_method: missing } },
  });
}

describe('trial_end=now', () => {
  it('pauses a subscription with nothing to charge when the trial says pause', async () => {
    const sub = await trialing('pause');
    const ended = await t.stripe.subscriptions.update(sub.id, { trial_end: 'now' });
    expect(ended.status).toBe('paused');
    expect(ended.latest_invoice).toBe(sub.latest_invoice);
    expect(await eventsFor(t.stripe, 'customer.subscription.paused', sub.id)).toHaveLength(1);
    expect(await eventsFor(t.stripe, 'customer.subscription.trial_will_end', sub.id)).toHaveLength(1);
    const resumed = await t.stripe.subscriptions.resume(sub.id);
    expect(resumed.status).not.toBe('paused');
    expect(await eventsFor(t.stripe, 'customer.subscription.resumed', sub.id)).toHaveLength(1);
  });

  it('cancels it when the trial says cancel', async () => {
    const sub = await trialing('cancel');
    const ended = await t.stripe.subscriptions.update(sub.id, { trial_end: 'now' });
    expect(ended).toMatchObject({ status: 'canceled', cancellation_details: { reason: 'cancellation_requested' } });
    expect(await eventsFor(t.stripe, 'customer.subscription.deleted', sub.id)).toHaveLength(1);
  });

  it('invoices as usual when a payment method is there', async () => {
    const customer = await t.stripe.customers.create({ invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const sub = await trialing('pause', customer.id);
    const ended = await t.stripe.subscriptions.update(sub.id, { trial_end: 'now' });
    expect(ended.status).toBe('active');
    expect(await eventsFor(t.stripe, 'customer.subscription.paused', sub.id)).toHaveLength(0);
  });
});
