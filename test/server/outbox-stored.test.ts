import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Op } from 'sequelize';
import { Notification, PortalToken } from '../../server/db/models';
import { signInRequest } from '../../server/notify/magicLink';
import { queue } from '../../server/notify/outbox';
import { createLogger } from '../../server/logger';
import { queueNotification } from '../../server/notify';
import { startSender } from '../../server/notify/sender';
import { eventually, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { freePort } from '../helpers/ports';
import { makeCustomer } from '../helpers/rows';

let recur: TestRecur;
let owner: string;
beforeAll(async () => {
  recur = await startTestRecur({ seed: false });
  owner = await signInCookie(recur.app);
});
afterAll(() => recur.close());

describe('the outbox without SMTP_URL', () => {
  it('keeps every message in the outbox, rendered, with status stored', async () => {
    expect(recur.sender.delivers).toBe(false);
    await queueNotification(recur.db, {
      template: 'magic_link',
      to: 'grace@example.com',
      customerId: null,
      data: { link: 'https://recur.test/portal/auth?token=abc', expiresInMinutes: '15' },
    });
    await recur.sender.flush();
    const row = (await Notification.findOne({ where: { to: 'grace@example.com' } }))!;
    expect(row).toMatchObject({ status: 'stored', template: 'magic_link', subject: 'Your sign-in link', attempts: 1, lastError: null });
    expect(row.textBody).toContain('https://recur.test/portal/auth?token=abc');
    expect(row.sentAt).toBeInstanceOf(Date);
    const res = await recur.app.request(`/api/notifications?filter=${encodeURIComponent(JSON.stringify({ status: 'stored' }))}`, {
      headers: { cookie: owner },
    });
    expect(((await res.json()) as { to: string }[]).map((n) => n.to)).toEqual(['grace@example.com']);
  });
});

describe('an SMTP server that refuses', () => {
  it('retries with backoff, then marks the message failed with the error', async () => {
    // A port that closes every connection at once: nodemailer reports the failure.
    const port = await freePort();
    const refuser = createServer((socket) => socket.destroy());
    await new Promise<void>((done) => refuser.listen(port, '127.0.0.1', () => done()));
    await recur.sender.stop();
    const failing = startSender(
      { db: recur.db, log: createLogger('silent'), baseUrl: recur.baseUrl },
      { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'billing@example.com', pollMs: 20, retryDelaysMs: [30, 60] },
    );
    try {
      await queueNotification(recur.db, { template: 'magic_link', to: 'hopper@example.com', data: { link: 'https://recur.test/l', expiresInMinutes: '15' } });
      const row = await eventually(async () => {
        const found = await Notification.findOne({ where: { to: 'hopper@example.com' } });
        return found?.status === 'failed' ? found : null;
      });
      expect(row.attempts).toBe(3);
      expect(row.lastError).toBeTruthy();
      expect(row.subject).toBe('Your sign-in link');

      // A sign-in request: each attempt renders afresh with a new link, and the row keeps none of them.
      const customer = await makeCustomer(recur.db, { email: 'lovelace@example.com', name: 'Ada', stripeCustomerId: 'cus_refused_local', currency: 'usd' });
      await queue(recur.db, [signInRequest('lovelace@example.com')]);
      const request = await eventually(async () => {
        const found = await Notification.findOne({ where: { to: 'lovelace@example.com' } });
        return found?.status === 'failed' ? found : null;
      });
      expect([request.attempts, request.customerId]).toEqual([3, customer.id]);
      expect(request.textBody).toMatch(/\/portal\/auth\?token=\(redacted\)/);
      expect(await PortalToken.count({ where: { customerId: customer.id } })).toBe(3);
      expect(await PortalToken.count({ where: { customerId: customer.id, notificationId: { [Op.ne]: null } } })).toBe(0);
    } finally {
      await failing.stop();
      refuser.close();
    }
  });
});
