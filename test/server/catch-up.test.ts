import type Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Invoice, Plan, StripeEvent } from '../../server/db/models';
import { catchUpEvents } from '../../server/stripe/inbox/catchUp';
import { advanceClock, clockCustomer, DAY, START } from '../helpers/clock';
import { startTestRecur, type TestRecur } from '../helpers/recur';
import { allEvents, deliver } from '../helpers/webhooks';

let recur: TestRecur;
beforeAll(async () => {
  // No webhook endpoint is registered: the test decides which deliveries arrive.
  recur = await startTestRecur();
});
afterAll(() => recur.close());

it('brings back a delivery dropped long before the newest event stored', async () => {
  const price = (await Plan.findOne({ where: { name: 'Silver Monthly' } }))!.stripePriceId!;
  const { clock, customer } = await clockCustomer(recur.stripe, 'pm_card_visa', START);
  await recur.stripe.subscriptions.create({ customer: customer.id, items: [{ price }] });
  const seen = new Set((await StripeEvent.findAll({ attributes: ['id'] })).map((e) => e.id));
  const deliverNew = async (skip: (e: Stripe.Event) => boolean = () => false) => {
    for (const event of await allEvents(recur.stripe)) {
      if (seen.has(event.id)) continue;
      seen.add(event.id); // a skipped delivery stays skipped: Stripe gave up on it
      if (!skip(event)) await deliver(recur, event);
    }
  };
  await deliverNew();
  await catchUpEvents(recur.stripe, recur.inbox, recur.db); // a complete pass: its watermark is the first period

  // The first renewal's invoice.paid is never delivered; a month later the next renewal is.
  await advanceClock(recur.stripe, clock.id, START + 31 * DAY);
  let dropped: Stripe.Event | undefined;
  await deliverNew((e) => {
    if (dropped || e.type !== 'invoice.paid') return false;
    dropped = e;
    return true;
  });
  await advanceClock(recur.stripe, clock.id, START + 62 * DAY);
  await deliverNew();
  await recur.inbox.idle();
  expect(dropped).toBeDefined();
  expect(await StripeEvent.findByPk(dropped!.id)).toBeNull();

  expect(await catchUpEvents(recur.stripe, recur.inbox, recur.db)).toBeGreaterThanOrEqual(1);
  await recur.inbox.idle();
  expect(await StripeEvent.findByPk(dropped!.id)).not.toBeNull();
  const invoiceId = (dropped!.data.object as Stripe.Invoice).id;
  expect((await Invoice.findOne({ where: { stripeInvoiceId: invoiceId } }))?.status).toBe('paid');
});
