import type Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Invoice, Plan } from '../../server/db/models';
import { clockCustomer } from '../helpers/clock';
import { startTestRecur, type TestRecur } from '../helpers/recur';
import { allEvents, deliver } from '../helpers/webhooks';

let recur: TestRecur;
beforeAll(async () => {
  recur = await startTestRecur();
});
afterAll(() => recur.close());

it('keeps the failed attempt when invoice.finalized of the same second arrives after it', async () => {
  const price = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!.stripePriceId!;
  const { customer } = await clockCustomer(recur.stripe, 'pm_card_chargeCustomerFail');
  await recur.stripe.subscriptions.create({ customer: customer.id, items: [{ price }] });
  const events = await allEvents(recur.stripe);
  const failed = events.find((e) => e.type === 'invoice.payment_failed')!;
  const finalized = events.find((e) => e.type === 'invoice.finalized')!;
  expect((failed.data.object as Stripe.Invoice).attempt_count).toBe(1);
  expect((finalized.data.object as Stripe.Invoice).attempt_count).toBe(0);

  // Both open, both the same second: the later arrival is the earlier state.
  for (const event of events.filter((e) => e !== finalized)) await deliver(recur, event);
  await recur.inbox.idle();
  await deliver(recur, { ...finalized, created: failed.created });
  await recur.inbox.idle();

  const invoice = await Invoice.findOne({ where: { stripeInvoiceId: (failed.data.object as Stripe.Invoice).id } });
  expect(invoice?.status).toBe('open');
  expect(invoice?.attemptCount).toBe(1);
});
