import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, Plan } from '../../server/db/models';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';

// One definition of run-rate (issue 14, DESIGN §6): a customer's yearly total is 12 × the monthly
// rate before rounding, and the dashboard's MRR and ARR are the sums of the customers' totals.
// Before, a weekly $4.99 customer showed a yearly total of $259.48 and an ARR of $259.44 (12 × the rounded MRR).

let recur: TestRecur;
let cookie: string;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  cookie = await signInCookie(recur.app);
});
afterAll(() => recur.close());

const summary = async () =>
  (await (await recur.app.request('/api/stats/summary', { headers: { cookie } })).json()) as {
    mrr: { currency: string; amount: number }[];
    arr: { currency: string; amount: number }[];
  };

describe('MRR and ARR', () => {
  it('equal the sums of the customers’ monthly and yearly totals, the yearly 12 × the monthly rate before rounding', async () => {
    const weekly = (await Plan.findOne({ where: { name: 'Silver Weekly' } }))!;
    await signUp(recur, 'Silver Weekly', 'weekly@example.com');
    await settle(recur);
    const customer = (await Customer.findOne({ where: { email: 'weekly@example.com' } }))!;
    // $4.99 a week: 499 × 52 / 12 = 2,162.33 a month, 25,948 a year.
    expect(weekly.amount).toBe(499);
    expect([customer.monthlyTotal, customer.yearlyTotal]).toEqual([2162, 25948]);
    expect(await summary()).toMatchObject({ mrr: [{ currency: 'usd', amount: 2162 }], arr: [{ currency: 'usd', amount: 25948 }] });

    await signUp(recur, 'Silver Weekly', 'weekly2@example.com');
    await signUp(recur, 'Gold Yearly', 'yearly@example.com');
    await settle(recur);
    const customers = await Customer.findAll();
    const sum = (key: 'monthlyTotal' | 'yearlyTotal') => customers.reduce((total, c) => total + c[key], 0);
    const { mrr, arr } = await summary();
    expect(mrr).toEqual([{ currency: 'usd', amount: sum('monthlyTotal') }]);
    expect(arr).toEqual([{ currency: 'usd', amount: sum('yearlyTotal') }]);
  });
});
