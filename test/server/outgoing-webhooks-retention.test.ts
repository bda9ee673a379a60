import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppEvent, WebhookDelivery } from '../../server/db/models';
import { KEEP_DELIVERED_MS, pruneDelivered } from '../../server/appEvents/retention';
import { customerLifecycleStream } from '../helpers/eventStream';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { startReceiver, type Receiver } from '../helpers/webhookReceiver';
import { deliver } from '../helpers/webhooks';

// The delivery log keeps a month: finished deliveries and their events go after that, a delivery
// still being retried never does.

let recur: TestRecur;
let happy: Receiver;
let failing: Receiver;

async function endpoint(url: string): Promise<number> {
  const cookie = await signInCookie(recur.app);
  const res = await recur.app.request('/api/webhook-endpoints', {
    method: 'POST',
    headers: { cookie, origin: recur.baseUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ url, events: ['subscription.created'] }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

beforeAll(async () => {
  recur = await startTestRecur();
  happy = await startReceiver();
  failing = await startReceiver();
  failing.answer = () => 500;
});
afterAll(async () => {
  await recur?.close();
  await happy?.close();
  await failing?.close();
});

describe('pruning the outgoing webhooks log', () => {
  it('drops finished deliveries and their events after a month, and keeps one still retrying', async () => {
    const happyId = await endpoint(happy.url);
    const failingId = await endpoint(failing.url);
    for (const event of customerLifecycleStream(1, 'price_outside_recur').slice(0, 2)) expect((await deliver(recur, event)).status).toBe(200);
    await recur.inbox.idle();
    await expect.poll(async () => (await WebhookDelivery.findOne({ where: { endpointId: happyId } }))?.status).toBe('succeeded');
    await expect.poll(async () => (await WebhookDelivery.findOne({ where: { endpointId: failingId } }))?.attempts ?? 0).toBeGreaterThan(0);
    await recur.webhooksOut.stop();
    const pendingStatus = (await WebhookDelivery.findOne({ where: { endpointId: failingId } }))!.status;
    expect(['pending', 'sending']).toContain(pendingStatus);

    expect(await pruneDelivered(recur.db, new Date(Date.now() + KEEP_DELIVERED_MS - 60_000))).toBe(0);
    expect(await WebhookDelivery.count()).toBe(2);

    // A month on: the succeeded delivery goes; the event stays while the retrying one needs it.
    expect(await pruneDelivered(recur.db, new Date(Date.now() + KEEP_DELIVERED_MS + 60_000))).toBe(1);
    expect((await WebhookDelivery.findAll()).map((d) => d.endpointId)).toEqual([failingId]);
    expect(await AppEvent.count()).toBe(1);

    // Once that one has finished too (failed), both go.
    await WebhookDelivery.update({ status: 'failed' }, { where: { endpointId: failingId } });
    expect(await pruneDelivered(recur.db, new Date(Date.now() + KEEP_DELIVERED_MS + 60_000))).toBe(2);
    expect(await WebhookDelivery.count()).toBe(0);
    expect(await AppEvent.count()).toBe(0);
  });
});
