import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeAllStateChanges } from '../../server/appEvents/notice';
import { AppEvent, Feature, Plan, PlanFeature, WebhookDelivery } from '../../server/db/models';
import { APP_EVENT_TYPES } from '../../shared/webhooks';
import { customerLifecycleStream } from '../helpers/eventStream';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { startReceiver, type Receiver } from '../helpers/webhookReceiver';
import { deliver } from '../helpers/webhooks';

/**
 * Outgoing webhooks (issue 15, DESIGN §3.2): Recur's own events, made from the state Stripe's
 * events left (server/appEvents/notice.ts), reach a real HTTP receiver signed per Standard Webhooks
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md),
 * and every delivery verifies with the `standardwebhooks` library's own `Webhook.verify`.
 */
describe('outgoing webhooks', () => {
  let recur: TestRecur;
  let cookie: string;
  let receiver: Receiver;
  const stream = customerLifecycleStream(3, 'price_outside_recur');
  const ofCustomer = (i: number) => stream.filter((e) => JSON.stringify(e).includes(`"cus_stream_${i}"`));

  const api = (path: string, init: RequestInit = {}) =>
    recur.app.request(`/api${path}`, { ...init, headers: { cookie, origin: recur.baseUrl, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const createEndpoint = async (body: object) => {
    const res = await api('/webhook-endpoints', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: number; secret: string; secretHint: string };
  };
  const deliveriesOf = async (endpointId: number) => {
    const res = await api(
      `/webhook-deliveries?filter=${encodeURIComponent(JSON.stringify({ endpointId }))}&sort=${encodeURIComponent('["id","ASC"]')}&range=[0,99]`,
    );
    expect(res.status).toBe(200);
    return (await res.json()) as {
      id: number;
      status: string;
      attempts: number;
      eventType: string;
      eventId: string;
      responseStatus: number | null;
      attemptLog: { status: number | null }[];
    }[];
  };
  /** One event per applying batch, so every intermediate state is committed (a batch applies an object's newest snapshot only). */
  async function apply(events: object[]) {
    for (const event of events) {
      expect((await deliver(recur, event)).status).toBe(200);
      await recur.inbox.idle();
      // one event at a time, as Stripe sends them: each change announced on its own
      await noticeAllStateChanges(recur.db);
    }
  }

  beforeAll(async () => {
    recur = await startTestRecur();
    cookie = await signInCookie(recur.app);
    receiver = await startReceiver();
  }, 60_000);
  afterAll(async () => {
    await recur?.close();
    await receiver?.close();
  });

  it('refuses bad endpoints with 400 and never shows the secret again', async () => {
    for (const body of [
      { url: 'ftp://example.com/x' },
      { url: 'not a url' },
      { url: 'https://user:pw@example.com/' },
      { url: 'https://example.com/', events: ['nope'] },
      { url: 'https://example.com/', extra: 1 },
      { url: 'https://example.com/', events: [] },
    ]) {
      const res = await api('/webhook-endpoints', { method: 'POST', body: JSON.stringify(body) });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const created = await createEndpoint({ url: 'https://example.com/hooks', events: ['payment.failed'], active: false });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const shown = JSON.stringify(await (await api(`/webhook-endpoints/${created.id}`)).json());
    const listed = await (await api('/webhook-endpoints')).text();
    expect(shown).not.toContain(created.secret);
    expect(listed).not.toContain(created.secret);
    expect(shown).toContain(created.secretHint);
    expect((await api(`/webhook-endpoints/${created.id}`, { method: 'PUT', body: JSON.stringify({ secret: 'whsec_mine' }) })).status).toBe(400);
    expect((await api(`/webhook-endpoints/${created.id}`, { method: 'PUT', body: JSON.stringify({ url: 'javascript:alert(1)' }) })).status).toBe(400);
    expect((await api('/webhook-endpoints/999999')).status).toBe(404);
    expect((await api('/webhook-deliveries/999999/replay', { method: 'POST' })).status).toBe(404);
    expect((await api(`/webhook-deliveries?filter=${encodeURIComponent('{"responseExcerpt":"x"}')}`)).status).toBe(400);
    // Viewers read billing, not where its data is sent.
    const viewer = { email: 'viewer@test.local', password: 'a viewer password long enough' };
    expect((await api('/admin-users', { method: 'POST', body: JSON.stringify({ ...viewer, name: 'Viewer', role: 'viewer' }) })).status).toBe(201);
    const viewerCookie = await signInCookie(recur.app, viewer.email, viewer.password);
    for (const path of ['/webhook-endpoints', `/webhook-endpoints/${created.id}`, '/webhook-deliveries']) {
      expect((await recur.app.request(`/api${path}`, { headers: { cookie: viewerCookie } })).status).toBe(403);
    }
    expect((await api(`/webhook-endpoints/${created.id}`, { method: 'DELETE' })).status).toBe(200);
    // the events are described in the OpenAPI document's `webhooks` (OpenAPI 3.1)
    const doc = (await (await recur.app.request('/api/v1/openapi.json')).json()) as { webhooks: Record<string, unknown> };
    expect(Object.keys(doc.webhooks).sort()).toEqual([...APP_EVENT_TYPES].sort());
  });

  it("sends Recur's own events once its state changed, each verified by the receiver", async () => {
    const endpoint = await createEndpoint({ url: receiver.url, description: 'the app' });
    receiver.secret = endpoint.secret;
    await apply(ofCustomer(0));

    // customer 0: created active, paid, past_due (grace: access kept, a grace date set), then canceled
    const expected = [
      'subscription.created',
      'access.changed',
      'payment.succeeded',
      'subscription.updated',
      'access.changed',
      'subscription.canceled',
      'access.changed',
      'payment.succeeded',
    ];
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(expected.length);
    for (const got of receiver.received) expect(got.verifyError).toBeNull();
    const bodies = receiver.received.map((r) => r.body!);
    expect(bodies.map((b) => b.type).sort()).toEqual([...expected].sort());
    const created = bodies.find((b) => b.type === 'subscription.created')!;
    expect(created.data).toMatchObject({
      email: 'stream0@example.com',
      externalId: null,
      subscription: { status: 'active', stripeSubscriptionId: 'sub_stream_0', cancelAtPeriodEnd: false },
    });
    expect(new Date(created.timestamp).toISOString()).toBe(created.timestamp);
    const canceled = bodies.find((b) => b.type === 'subscription.canceled')!;
    expect(canceled.data).toMatchObject({ subscription: { status: 'canceled' }, previous: { status: 'past_due' } });
    const lost = bodies.filter((b) => b.type === 'access.changed').at(-1)!;
    expect(lost.data).toMatchObject({ access: { entitled: false }, previous: { entitled: true } });
    const paid = bodies.find((b) => b.type === 'payment.succeeded')!;
    expect(paid.data).toMatchObject({ payment: { status: 'succeeded', amount: 1900, currency: 'usd' } });
    // webhook-id is the event's id (msg_…), one per message
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(expected.length);
    for (const r of receiver.received) expect(r.id).toMatch(/^msg_/);

    // Stripe's duplicates and an older event again: applied as nothing, so no event either.
    const before = await AppEvent.count();
    await apply(ofCustomer(0));
    const stale = ofCustomer(0).find((e) => JSON.stringify(e).includes('"past_due"')) as { id: string };
    await apply([{ ...stale, id: 'evt_stale_again' }]);
    expect(await AppEvent.count()).toBe(before);
    expect(await WebhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(expected.length);
    const log = await deliveriesOf(endpoint.id);
    expect(log.every((d) => d.status === 'succeeded' && d.attempts === 1 && d.responseStatus === 200)).toBe(true);
    expect((await api(`/webhook-endpoints/${endpoint.id}`, { method: 'PUT', body: JSON.stringify({ active: false }) })).status).toBe(200);
  });

  it('retries a receiver that answers 500 twice, then 200, and the log shows the three attempts', async () => {
    const flaky = await startReceiver();
    flaky.answer = (n) => (n < 2 ? 500 : 200);
    const endpoint = await createEndpoint({ url: flaky.url, events: ['subscription.created'] });
    flaky.secret = endpoint.secret;
    await apply(ofCustomer(1));
    await expect.poll(async () => (await deliveriesOf(endpoint.id))[0]?.status, { timeout: 15_000 }).toBe('succeeded');
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ attempts: 3, responseStatus: 200, eventType: 'subscription.created' });
    expect(delivery!.attemptLog.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(flaky.received.map((r) => r.answered)).toEqual([500, 500, 200]);
    // the same message each time: one webhook-id, every attempt signed
    expect(new Set(flaky.received.map((r) => r.id))).toEqual(new Set([delivery!.eventId]));
    for (const got of flaky.received) expect(got.verifyError).toBeNull();
    const shown = (await (await api(`/webhook-deliveries/${delivery!.id}`)).json()) as { payload: { type: string } };
    expect(shown.payload.type).toBe('subscription.created');

    // Replay: sent once more per click, a double click included
    const clicks = await Promise.all([1, 2].map(() => api(`/webhook-deliveries/${delivery!.id}/replay`, { method: 'POST' })));
    expect(clicks.map((r) => r.status).sort()).toEqual([200, 409]);
    await expect.poll(() => flaky.received.length, { timeout: 15_000 }).toBe(4);
    await expect.poll(async () => (await deliveriesOf(endpoint.id))[0]?.status).toBe('succeeded');
    expect((await deliveriesOf(endpoint.id))[0]).toMatchObject({ attempts: 4 });
    expect(flaky.received[3]!.id).toBe(delivery!.eventId);

    // A rotated secret signs from then on: a replay verifies with the new one only.
    const rotated = (await (await api(`/webhook-endpoints/${endpoint.id}/rotate-secret`, { method: 'POST' })).json()) as { secret: string };
    expect(rotated.secret).not.toBe(endpoint.secret);
    flaky.secret = rotated.secret;
    expect((await api(`/webhook-deliveries/${delivery!.id}/replay`, { method: 'POST' })).status).toBe(200);
    await expect.poll(() => flaky.received.length, { timeout: 15_000 }).toBe(5);
    expect(flaky.received[4]!.verifyError).toBeNull();
    await flaky.close();
  });

  it('sends entitlements.changed when a customer gains and loses features', async () => {
    const plan = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
    const projects = await Feature.create({ key: 'projects', name: 'Projects', kind: 'limit', description: null });
    const api = await Feature.create({ key: 'api', name: 'API access', kind: 'boolean', description: null });
    await PlanFeature.create({ planId: plan.id, featureId: projects.id, value: 10 });
    await PlanFeature.create({ planId: plan.id, featureId: api.id, value: 1 });
    const app = await startReceiver();
    const endpoint = await createEndpoint({ url: app.url, events: ['entitlements.changed'] });
    app.secret = endpoint.secret;
    // customer 4 of a stream on Gold Monthly's price: subscribes, goes past_due (grace), is canceled
    const events = customerLifecycleStream(5, plan.stripePriceId!).filter((e) => JSON.stringify(e).includes('"cus_stream_4"'));
    await apply(events.map((e) => ({ ...e, id: `${(e as { id: string }).id}_features` })));
    await expect.poll(() => app.received.length, { timeout: 15_000 }).toBe(2);
    const [gained, lost] = app.received.map((r) => r.body!);
    for (const got of app.received) expect(got.verifyError).toBeNull();
    expect(gained!.data).toMatchObject({ email: 'stream4@example.com', features: { api: true }, previous: { api: false, projects: 0 } });
    expect(Number((gained!.data.features as Record<string, number>).projects)).toBeGreaterThanOrEqual(10);
    expect(lost!.data).toMatchObject({ features: { api: false, projects: 0 } });
    await app.close();
  });
});
