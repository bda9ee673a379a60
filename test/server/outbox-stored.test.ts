import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Notification } from '../../server/db/models';
import { createLogger } from '../../server/logger';
import { queueNotification } from '../../server/notify';
import { startSender } from '../../server/notify/sender';
import { eventually, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { freePort } from '../helpers/ports';

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
    await queueNotification(recur.db, { template: 'magic_link', to: 'grace@example.com', customerId: null, data: { link: 'https://recur.test/portal/auth?token=abc', expiresInMinutes: '15' } });
    await recur.sender.flush();
    const row = (await Notification.findOne({ where: { to: 'grace@example.com' } }))!;
    expect(row).toMatchObject({ status: 'stored', template: 'magic_link', subject: 'Your sign-in link', attempts: 1, lastError: null });
    expect(row.textBody).toContain('https://recur.test/portal/auth?token=abc');
    expect(row.sentAt).toBeInstanceOf(Date);
    const res = await recur.app.request(`/api/notifications?filter=${encodeURIComponent(JSON.stringify({ status: 'stored' }))}`, { headers: { cookie: owner } });
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
    } finally {
      await failing.stop();
      refuser.close();
    }
  });
});
