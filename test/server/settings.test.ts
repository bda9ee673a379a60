import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords';
import { AdminUser, Customer, Setting } from '../../server/db/models';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { signUp } from '../helpers/signup';
import { allEvents, deliver } from '../helpers/webhooks';

let recur: TestRecur;
let owner: string;
let admin: string;
beforeAll(async () => {
  recur = await startTestRecur();
  owner = await signInCookie(recur.app);
  await AdminUser.create({ email: 'admin@test.local', name: 'Admin', role: 'admin', passwordHash: await hashPassword('admin password 123') });
  admin = await signInCookie(recur.app, 'admin@test.local', 'admin password 123');
});
afterAll(() => recur.close());

const put = (cookie: string, body: unknown) =>
  recur.app.request('/api/settings', { method: 'PUT', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('settings: the access policy', () => {
  it('has defaults, and the owner can change them', async () => {
    expect(await (await recur.app.request('/api/settings', { headers: { cookie: admin } })).json()).toEqual({
      accessPolicy: { pastDueGraceDays: 7, unpaidGraceDays: 0, incompleteGraceDays: 0, pausedKeepsAccess: false },
      portalPolicy: { customersMayPause: false },
      // Issue 14: upgrades now, downgrades at the period's end.
      changeTiming: { upgrades: 'now', downgrades: 'period_end' },
    });
    const res = await put(owner, { accessPolicy: { pastDueGraceDays: 3, unpaidGraceDays: 1, incompleteGraceDays: 0 } });
    expect(res.status).toBe(200);
    expect((await (await recur.app.request('/api/settings', { headers: { cookie: admin } })).json()).accessPolicy.pastDueGraceDays).toBe(3);
  });

  it('refuses an admin (settings are the owner’s) and bad values, changing nothing', async () => {
    const before = (await Setting.findByPk('access_policy'))!.value;
    expect((await put(admin, { accessPolicy: { pastDueGraceDays: 1, unpaidGraceDays: 0, incompleteGraceDays: 0 } })).status).toBe(403);
    const bad = await put(owner, { accessPolicy: { pastDueGraceDays: -1, unpaidGraceDays: 0, incompleteGraceDays: 0 } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors['accessPolicy.pastDueGraceDays']).toBe('cannot be negative');
    expect((await Setting.findByPk('access_policy'))!.value).toBe(before);
  });

  it('answers whether a customer is entitled', async () => {
    await signUp(recur, 'Gold Monthly', 'entitled@example.com');
    for (const event of await allEvents(recur.stripe)) await deliver(recur, event);
    await recur.inbox.idle();
    const customer = (await Customer.findOne({ where: { email: 'entitled@example.com' } }))!;
    const res = await recur.app.request(`/api/customers/${customer.id}/access`, { headers: { cookie: admin } });
    expect(await res.json()).toMatchObject({ entitled: true, reason: 'active' });
    expect((await recur.app.request('/api/customers/99999/access', { headers: { cookie: admin } })).status).toBe(404);
  });
});
