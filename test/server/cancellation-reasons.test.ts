import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, Customer, Subscription } from '../../server/db/models';
import { portalSignIn } from '../helpers/portal';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';
import { jsonRequest } from '../helpers/api';

// Why a customer leaves, as Stripe keeps it: `cancellation_details` with `feedback` (one of
// customer_service, low_quality, missing_features, other, switched_service, too_complex,
// too_expensive, unused) and a free `comment`, sent on update or cancel
// (docs.stripe.com/api/subscriptions/update#update_subscription-cancellation_details,
// docs.stripe.com/api/subscriptions/cancel#cancel_subscription-cancellation_details).

let recur: TestRecur;
let owner: string;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  owner = await signInCookie(recur.app);
});
afterAll(() => recur.close());

const call = (method: string, path: string, body?: unknown) => jsonRequest(recur.app, method, path, { cookie: owner, body });

async function subscriber(email: string): Promise<Subscription> {
  await signUp(recur, 'Silver Monthly', email);
  await settle(recur);
  const customer = (await Customer.findOne({ where: { email } }))!;
  return (await Subscription.findOne({ where: { customerId: customer.id } }))!;
}

describe('cancellation reasons', () => {
  it('are sent to Stripe as cancellation_details and kept on the subscription', async () => {
    const subscription = await subscriber('leaving@example.com');
    const res = await call('POST', `/api/subscriptions/${subscription.id}/cancel`, {
      atPeriodEnd: true,
      reason: 'too_expensive',
      comment: 'Cheaper elsewhere',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ cancelAtPeriodEnd: true, cancellationReason: { feedback: 'too_expensive', comment: 'Cheaper elsewhere' } });
    const remote = await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
    expect(remote.cancellation_details).toMatchObject({ feedback: 'too_expensive', comment: 'Cheaper elsewhere' });
    await settle(recur);
    expect(await subscription.reload()).toMatchObject({ cancellationFeedback: 'too_expensive', cancellationComment: 'Cheaper elsewhere' });
    const log = (await AuditLog.findOne({ where: { action: 'subscription.cancel_at_period_end', entityId: String(subscription.id) } }))!;
    expect(JSON.parse(log.details!)).toEqual({ reason: 'too_expensive', comment: 'Cheaper elsewhere' });
  });

  it('go with a cancellation now too, and a cancellation without one shows null', async () => {
    const now = await subscriber('leaving-now@example.com');
    const res = await call('POST', `/api/subscriptions/${now.id}/cancel`, { atPeriodEnd: false, reason: 'switched_service' });
    expect(await res.json()).toMatchObject({ status: 'canceled', cancellationReason: { feedback: 'switched_service', comment: null } });
    expect((await recur.stripe.subscriptions.retrieve(now.stripeSubscriptionId)).cancellation_details?.feedback).toBe('switched_service');

    const silent = await subscriber('silent@example.com');
    expect(await (await call('POST', `/api/subscriptions/${silent.id}/cancel`, {})).json()).toMatchObject({
      cancelAtPeriodEnd: true,
      cancellationReason: null,
    });
  });

  it('are refused when not one of Stripe’s values, or too long, and nothing changes', async () => {
    const subscription = await subscriber('undecided@example.com');
    const bodies: [unknown, string][] = [
      [{ reason: 'bored' }, 'reason'],
      [{ reason: 'Too_Expensive' }, 'reason'],
      [{ reason: 42 }, 'reason'],
      [{ comment: 'x'.repeat(501) }, 'comment'],
      [{ reason: 'other', why: 'x' }, ''],
    ];
    for (const [body, field] of bodies) {
      const res = await call('POST', `/api/subscriptions/${subscription.id}/cancel`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (field) expect(Object.keys((await res.json()).errors)).toContain(field);
    }
    const remote = await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
    expect(remote.cancel_at_period_end).toBe(false);
    expect(remote.cancellation_details?.feedback ?? null).toBeNull();
    expect(await subscription.reload()).toMatchObject({ cancelAtPeriodEnd: false, cancellationFeedback: null });
  });

  it('are in the admin’s list rows (which its CSV export writes out) and filtered on', async () => {
    const list = await call('GET', `/api/subscriptions?filter=${encodeURIComponent(JSON.stringify({ cancellationFeedback: 'too_expensive' }))}`);
    expect(list.status).toBe(200);
    const rows = (await list.json()) as { cancellationReason: unknown }[];
    expect(rows.map((r) => r.cancellationReason)).toEqual([{ feedback: 'too_expensive', comment: 'Cheaper elsewhere' }]);
    expect((await call('GET', `/api/subscriptions?filter=${encodeURIComponent(JSON.stringify({ cancellationFeedback: 'bored' }))}`)).status).toBe(400);
  });

  it('are asked for by the portal’s cancel form, in words, and reach Stripe', async () => {
    const subscription = await subscriber('portal-leaver@example.com');
    const portal = await portalSignIn(recur, 'portal-leaver@example.com');
    const page = await (await portal.get(`/portal/subscriptions/${subscription.id}/cancel`)).text();
    expect(page).toContain('<select name="reason">');
    expect(page).toContain('<option value="too_complex">Ease of use was less than expected</option>');
    expect(page).toContain('<textarea name="comment"');

    const bad = await portal.post(`/portal/subscriptions/${subscription.id}/cancel`, { confirm: 'yes', reason: 'bored' });
    expect(bad.status).toBe(400);
    expect((await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId)).cancel_at_period_end).toBe(false);

    const done = await portal.post(`/portal/subscriptions/${subscription.id}/cancel`, {
      confirm: 'yes',
      reason: 'missing_features',
      comment: '  Needs exports  ',
    });
    expect(done.headers.get('location')).toBe('/portal?done=canceled');
    const remote = await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
    expect(remote).toMatchObject({ cancel_at_period_end: true, cancellation_details: { feedback: 'missing_features', comment: 'Needs exports' } });

    // Saying nothing is fine: the select's empty choice sends no feedback.
    const quiet = await subscriber('portal-quiet@example.com');
    const other = await portalSignIn(recur, 'portal-quiet@example.com');
    expect((await other.post(`/portal/subscriptions/${quiet.id}/cancel`, { confirm: 'yes', reason: '', comment: '' })).status).toBe(303);
    expect((await recur.stripe.subscriptions.retrieve(quiet.stripeSubscriptionId)).cancellation_details?.feedback ?? null).toBeNull();
  });
});
