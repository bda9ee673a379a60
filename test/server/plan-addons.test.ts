import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Plan } from '../../server/db/models';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { jsonRequest } from '../helpers/api';

// Add-ons and seats in the catalog (DESIGN §3.1). Every item of a Stripe subscription is billed on
// one invoice, so all share its currency and billing period
// (docs.stripe.com/billing/subscriptions/multiple-products): a base plan may list only add-ons on its terms.

let recur: TestRecur;
let cookie: string;
beforeAll(async () => {
  recur = await startTestRecur();
  cookie = await signInCookie(recur.app);
});
afterAll(() => recur.close());

const send = (method: string, path: string, body?: unknown) => jsonRequest(recur.app, method, path, { cookie, body });

const monthly = { tier: 'gold', currency: 'usd', interval: 'month' };

describe('add-on and per-seat plans', () => {
  let addon: { id: number; stripePriceId: string };

  it('creates an add-on with its Stripe price, and a per-seat base plan that allows it', async () => {
    const res = await send('POST', '/api/plans', { ...monthly, name: 'Audit log', kind: 'addon', amount: 500 });
    expect(res.status).toBe(201);
    addon = await res.json();
    expect(addon).toMatchObject({ kind: 'addon', addonIds: [], perSeat: false });
    expect((await recur.stripe.prices.retrieve(addon.stripePriceId)).unit_amount).toBe(500);

    const base = await send('POST', '/api/plans', {
      ...monthly,
      name: 'Team',
      amount: 800,
      perSeat: true,
      minQuantity: 2,
      maxQuantity: 20,
      addonIds: [addon.id],
    });
    expect(base.status).toBe(201);
    expect(await base.json()).toMatchObject({ kind: 'base', perSeat: true, minQuantity: 2, maxQuantity: 20, addonIds: [addon.id] });
  });

  it('refuses catalog shapes Stripe or the subscription could not honour, storing nothing', async () => {
    const yearly = (await (await send('POST', '/api/plans', { ...monthly, interval: 'year', name: 'Yearly add-on', kind: 'addon', amount: 5000 })).json()) as {
      id: number;
    };
    const euro = (await (await send('POST', '/api/plans', { ...monthly, currency: 'eur', name: 'Euro add-on', kind: 'addon', amount: 500 })).json()) as {
      id: number;
    };
    const silver = (await Plan.findOne({ where: { name: 'Silver Monthly' } }))!;
    const count = await Plan.count();
    const cases: [unknown, string, RegExp][] = [
      [{ ...monthly, name: 'x', amount: 1, addonIds: [yearly.id] }, 'addonIds', /every 1 year/],
      [{ ...monthly, name: 'x', amount: 1, addonIds: [euro.id] }, 'addonIds', /EUR/],
      [{ ...monthly, name: 'x', amount: 1, addonIds: [silver.id] }, 'addonIds', /is a base plan/],
      [{ ...monthly, name: 'x', amount: 1, addonIds: [999_999] }, 'addonIds', /not a plan/],
      [{ ...monthly, name: 'x', amount: 1, addonIds: [addon.id, addon.id] }, 'addonIds', /twice/],
      [{ ...monthly, name: 'x', amount: 1, kind: 'addon', addonIds: [addon.id] }, 'addonIds', /only a base plan/],
      [{ ...monthly, name: 'x', amount: 1, kind: 'addon', trialDays: 7 }, 'trialDays', /trial/],
      [{ ...monthly, name: 'x', amount: 1, minQuantity: 2 }, 'minQuantity', /per-seat/],
      [{ ...monthly, name: 'x', amount: 1, perSeat: true, minQuantity: 5, maxQuantity: 2 }, 'maxQuantity', /at least the minimum/],
      [{ ...monthly, name: 'x', amount: 1, kind: 'bundle' }, 'kind', /base or addon/],
    ];
    for (const [body, field, message] of cases) {
      const res = await send('POST', '/api/plans', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).errors[field]).toMatch(message);
    }
    expect(await Plan.count()).toBe(count);
  });

  it('keeps a plan what it was made as, and an add-on on the terms of the plans that list it', async () => {
    const team = (await Plan.findOne({ where: { name: 'Team' } }))!;
    const kind = await send('PUT', `/api/plans/${team.id}`, { kind: 'addon' });
    expect(kind.status).toBe(400);
    expect((await kind.json()).errors.kind).toMatch(/cannot change/);
    const moved = await send('PUT', `/api/plans/${addon.id}`, { interval: 'year' });
    expect(moved.status).toBe(409);
    expect((await moved.json()).message).toMatch(/Team lists this add-on/);
    expect((await Plan.findByPk(addon.id))!.interval).toBe('month');
  });

  it('never offers an add-on as the plan of a signup form', async () => {
    const res = await send('POST', '/api/signup-forms', { slug: 'addon-form', title: 'T', planIds: [addon.id] });
    expect(res.status).toBe(400);
    expect((await res.json()).errors.planIds).toMatch(/is an add-on/);
    const page = await (await recur.app.request('/signup')).text();
    expect(page).not.toContain(`name="plan" value="${addon.id}"`);
  });

  it('lists plans by kind', async () => {
    const res = await send('GET', `/api/plans?filter=${encodeURIComponent(JSON.stringify({ kind: 'addon' }))}&range=[0,99]`);
    const rows = (await res.json()) as { kind: string }[];
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((row) => row.kind === 'addon')).toBe(true);
  });
});
