import { afterAll, beforeAll, expect, it } from 'vitest';
import { Customer, Invoice, Payment, Plan, Subscription } from '../../server/db/models';
import { startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';

let recur: TestRecur;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
});
afterAll(() => recur.close());

it('mirrors a customer and subscription created outside Recur, linked to the plan through its price', async () => {
  const plan = (await Plan.findOne({ where: { name: 'Platinum Yearly' } }))!;
  const customer = await recur.stripe.customers.create({
    email: 'dashboard@example.com',
    name: 'Made in the dashboard',
    payment_method: 'pm_card_visa',
    invoice_settings: { default_payment_method: 'pm_card_visa' },
  });
  const subscription = await recur.stripe.subscriptions.create({ customer: customer.id, items: [{ price: plan.stripePriceId!, quantity: 2 }] });
  await settle(recur);

  const local = (await Customer.findOne({ where: { stripeCustomerId: customer.id } }))!;
  expect(local).toMatchObject({ email: 'dashboard@example.com', name: 'Made in the dashboard' });
  expect(await Subscription.findOne({ where: { stripeSubscriptionId: subscription.id } })).toMatchObject({
    planId: plan.id,
    quantity: 2,
    status: 'active',
    customerId: local.id,
  });
  expect(await Invoice.count({ where: { customerId: local.id, status: 'paid' } })).toBe(1);
  expect(await Payment.findOne({ where: { customerId: local.id } })).toMatchObject({ amount: 2 * plan.amount, status: 'succeeded' });
  expect(local.monthlyTotal).toBe(Math.round((2 * plan.amount) / 12));
  expect(local.yearlyTotal).toBe(2 * plan.amount);
});
