import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Notification, WebhookDelivery, WebhookEndpoint } from '../../server/db/models';
import { startWebhookWorker } from '../../server/appEvents/worker';
import { createLogger } from '../../server/logger';
import { customerLifecycleStream } from '../helpers/eventStream';
import { OWNER_EMAIL, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { startReceiver, type Receiver } from '../helpers/webhookReceiver';
import { deliver } from '../helpers/webhooks';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Retries with exponential backoff for 3 days, then the delivery has failed, and an endpoint whose
 * every attempt failed for 3 days is disabled with an e-mail to the admins. The worker runs with
 * its real schedule on a clock the test moves to each next attempt (as a test clock does in Stripe).
 */
describe('outgoing webhooks: backoff for three days, then give up and disable', () => {
  let recur: TestRecur;
  let receiver: Receiver;
  let clock = new Date();

  beforeAll(async () => {
    recur = await startTestRecur();
    await recur.webhooksOut.stop();
    recur.webhooksOut = startWebhookWorker({ db: recur.db, log: createLogger('silent'), baseUrl: recur.baseUrl }, { pollMs: 50, now: () => clock });
    receiver = await startReceiver();
    receiver.answer = () => 500;
  }, 60_000);
  afterAll(async () => {
    await recur?.close();
    await receiver?.close();
  });

  // A worker pass under a loaded CI (both dialects at once) can take longer than expect.poll's 1 s default.
  const POLL = { timeout: 10_000 };

  it('retries on a growing schedule until three days have passed, then fails and disables the endpoint', async () => {
    const cookie = await signInCookie(recur.app);
    const res = await recur.app.request('/api/webhook-endpoints', {
      method: 'POST',
      headers: { cookie, origin: recur.baseUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, events: ['subscription.created'] }),
    });
    expect(res.status).toBe(201);
    const { id: endpointId, secret } = (await res.json()) as { id: number; secret: string };
    receiver.secret = secret;
    for (const event of customerLifecycleStream(1, 'price_outside_recur').slice(0, 2)) expect((await deliver(recur, event)).status).toBe(200);
    await recur.inbox.idle();

    const delivery = async () => (await WebhookDelivery.findOne({ where: { endpointId } }))!;
    await expect.poll(async () => (await WebhookDelivery.findOne({ where: { endpointId } }))?.attempts ?? 0, POLL).toBe(1);
    await expect.poll(async () => (await delivery()).status, POLL).not.toBe('sending');
    const start = (await delivery()).windowStart;
    const attemptTimes: number[] = [clock.getTime()];
    for (let attempt = 2; attempt < 40; attempt++) {
      const current = await delivery();
      if (current.status === 'failed') break;
      expect(current.status).toBe('pending');
      // the worker's clock moves to the next attempt; the test waits for the worker to make it
      clock = new Date(current.nextAttemptAt!.getTime());
      attemptTimes.push(clock.getTime());
      recur.webhooksOut.flush();
      await expect.poll(async () => (await delivery()).attempts, POLL).toBe(attempt);
      await expect.poll(async () => (await delivery()).status, POLL).not.toBe('sending');
    }
    const final = await delivery();
    expect(final.status).toBe('failed');
    expect(final.nextAttemptAt).toBeNull();
    expect(final.responseStatus).toBe(500);
    expect(receiver.received.length).toBe(final.attempts);
    for (const got of receiver.received) expect(got.verifyError).toBeNull();

    // The schedule: doubling gaps from 30 s, at most 12 h (+10 % jitter), the last attempt at three days.
    const gaps = attemptTimes.slice(1).map((t, i) => t - attemptTimes[i]!);
    expect(gaps[0]!).toBeGreaterThanOrEqual(30_000);
    expect(gaps[0]!).toBeLessThan(34_000);
    for (let i = 1; i < gaps.length - 1; i++) expect(gaps[i]!).toBeGreaterThanOrEqual(Math.min(gaps[i - 1]! * 1.8, 12 * HOUR));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(12 * HOUR * 1.1);
    expect(attemptTimes.at(-1)! - start.getTime()).toBe(3 * DAY);
    expect(final.attempts).toBeGreaterThan(12);
    expect(final.attemptLog.length).toBeLessThanOrEqual(20);

    // Every attempt failed for three days: the endpoint is disabled, the owner told by e-mail.
    const endpoint = (await WebhookEndpoint.findByPk(endpointId))!;
    expect(endpoint.active).toBe(false);
    expect(endpoint.disabledReason).toMatch(/failed/);
    await expect.poll(async () => Notification.count({ where: { template: 'admin_alert', to: OWNER_EMAIL } }), POLL).toBe(1);
    const mail = (await Notification.findOne({ where: { template: 'admin_alert', to: OWNER_EMAIL } }))!;
    expect(mail.subject).toContain(receiver.url);

    // A disabled endpoint's delivery is not replayed until the endpoint is enabled again.
    const replay = await recur.app.request(`/api/webhook-deliveries/${final.id}/replay`, { method: 'POST', headers: { cookie, origin: recur.baseUrl } });
    expect(replay.status).toBe(409);
    // Enabled again (its failure record cleared), the endpoint takes the replay.
    const enable = await recur.app.request(`/api/webhook-endpoints/${endpointId}`, {
      method: 'PUT',
      headers: { cookie, origin: recur.baseUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ active: true }),
    });
    expect(await enable.json()).toMatchObject({ active: true, disabledAt: null, failingSince: null });
    receiver.answer = () => 204;
    const again = await recur.app.request(`/api/webhook-deliveries/${final.id}/replay`, { method: 'POST', headers: { cookie, origin: recur.baseUrl } });
    expect(again.status).toBe(200);
    await expect.poll(async () => (await delivery()).status, POLL).toBe('succeeded');
    expect((await delivery()).responseStatus).toBe(204);
  });
});
