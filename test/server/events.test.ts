import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords';
import { AdminUser, AuditLog, StripeEvent } from '../../server/db/models';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { deliver } from '../helpers/webhooks';

let recur: TestRecur;
let cookie: string;
let viewerCookie: string;
beforeAll(async () => {
  recur = await startTestRecur();
  cookie = await signInCookie(recur.app);
  await AdminUser.create({ email: 'viewer@test.local', name: 'Viewer', role: 'viewer', passwordHash: await hashPassword('viewer password 123') });
  viewerCookie = await signInCookie(recur.app, 'viewer@test.local', 'viewer password 123');
});
afterAll(() => recur.close());

/** An invoice for a customer Stripe has never heard of: applying it must fail. */
function orphanInvoiceEvent(id: string): object {
  const created = Math.floor(Date.now() / 1000);
  return {
    id,
    object: 'event',
    type: 'invoice.created',
    created,
    api_version: '2026-10-28.endive',
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: {
      object: {
        id: 'in_orphan',
        object: 'invoice',
        customer: 'cus_does_not_exist',
        status: 'draft',
        currency: 'usd',
        amount_due: 100,
        amount_paid: 0,
        amount_remaining: 100,
        attempt_count: 0,
        lines: { data: [] },
      },
    },
  };
}

describe('the webhook inbox', () => {
  it('keeps a failing event with its error, and replays it on request', async () => {
    await deliver(recur, orphanInvoiceEvent('evt_orphan_1'));
    await recur.inbox.idle();
    const failed = await StripeEvent.findByPk('evt_orphan_1');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed!.error).toMatch(/cus_does_not_exist/);
    expect(failed!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() - 1000);

    const list = await recur.app.request(`/api/events?filter=${encodeURIComponent(JSON.stringify({ status: 'failed' }))}`, { headers: { cookie } });
    expect(((await list.json()) as { id: string }[]).map((e) => e.id)).toEqual(['evt_orphan_1']);

    const replay = await recur.app.request('/api/events/evt_orphan_1/replay', { method: 'POST', headers: { cookie } });
    expect(replay.status).toBe(200);
    const replayed = await replay.json();
    expect(replayed).toMatchObject({ id: 'evt_orphan_1', status: 'failed', attempts: 2 });
    expect(replayed.payload.data.object.id).toBe('in_orphan');
    expect(await AuditLog.count({ where: { action: 'event.replay', entityId: 'evt_orphan_1' } })).toBe(1);
  });

  it('shows one event with its payload', async () => {
    const res = await recur.app.request('/api/events/evt_orphan_1', { headers: { cookie } });
    expect((await res.json()).payload.type).toBe('invoice.created');
    expect((await recur.app.request('/api/events/evt_nope', { headers: { cookie } })).status).toBe(404);
    expect((await recur.app.request('/api/events/evt_nope/replay', { method: 'POST', headers: { cookie } })).status).toBe(404);
    expect((await recur.app.request('/api/events/bad%20id', { headers: { cookie } })).status).toBe(400);
  });

  it('lets a viewer read but not replay', async () => {
    expect((await recur.app.request('/api/events', { headers: { cookie: viewerCookie } })).status).toBe(200);
    const res = await recur.app.request('/api/events/evt_orphan_1/replay', { method: 'POST', headers: { cookie: viewerCookie } });
    expect(res.status).toBe(403);
    expect((await StripeEvent.findByPk('evt_orphan_1'))!.attempts).toBe(2);
  });
});
