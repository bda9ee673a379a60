import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords';
import { AdminUser, AuditLog, EmailTemplate, Notification, PortalToken, StripeEvent, Subscription } from '../../server/db/models';
import { digest } from '../../server/portal/digest';
import { queueNotification } from '../../server/notify';
import { startSender } from '../../server/notify/sender';
import { createLogger } from '../../server/logger';
import { TEMPLATE_KEYS } from '../../shared/emailTemplates';
import { eventually, OWNER_EMAIL, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp';
import { deliver } from '../helpers/webhooks';
import { filterQuery, jsonRequest } from '../helpers/api';
import { makeCustomer } from '../helpers/rows';

let recur: TestRecur;
let smtp: TestSmtp;
let owner: string;
let admin: string;
let viewer: string;

beforeAll(async () => {
  smtp = await startTestSmtp();
  recur = await startTestRecur({ smtpUrl: smtp.url });
  const passwordHash = await hashPassword('a long enough password');
  await AdminUser.bulkCreate([
    { email: 'admin@notify.test', name: 'Admin', role: 'admin', passwordHash },
    { email: 'viewer@notify.test', name: 'Viewer', role: 'viewer', passwordHash },
  ]);
  owner = await signInCookie(recur.app);
  admin = await signInCookie(recur.app, 'admin@notify.test', 'a long enough password');
  viewer = await signInCookie(recur.app, 'viewer@notify.test', 'a long enough password');
});
afterAll(async () => {
  await recur.close();
  await smtp.close();
});

const call = (method: string, path: string, cookie: string, body?: unknown) => jsonRequest(recur.app, method, `/api${path}`, { cookie, body });
const filter = filterQuery;
const templateId = async (key: string) => (await EmailTemplate.findOne({ where: { key } }))!.id;
const mailsTo = (to: string) => smtp.messages.filter((m) => m.to.includes(to));

describe('/api/email-templates', () => {
  it('lists one seeded template per message, readable by a viewer', async () => {
    const res = await call('GET', '/email-templates', viewer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBe(`email-templates 0-${TEMPLATE_KEYS.length - 1}/${TEMPLATE_KEYS.length}`);
    const rows = (await res.json()) as { key: string }[];
    expect(rows.map((r) => r.key).sort()).toEqual([...TEMPLATE_KEYS].sort());
    const one = await (await call('GET', `/email-templates/${await templateId('payment_failed')}`, viewer)).json();
    expect(one.textBody).toContain('{{portalUrl}}');
    expect(Object.keys(one.variables)).toEqual(expect.arrayContaining(['amount', 'failureMessage', 'portalUrl', 'nextRetryAt']));
  });

  it('lets an admin edit a template (audited) but not a viewer', async () => {
    const id = await templateId('magic_link');
    const edit = { subject: 'Sign in to Acme billing', textBody: 'Your link: {{link}}\nValid {{ expiresInMinutes }} minutes.', htmlBody: null };
    expect((await call('PUT', `/email-templates/${id}`, viewer, edit)).status).toBe(403);
    const res = await call('PUT', `/email-templates/${id}`, admin, edit);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ key: 'magic_link', subject: 'Sign in to Acme billing', updatedBy: 'admin@notify.test' });
    const audited = await AuditLog.findOne({ where: { action: 'email_template.update', entityId: String(id) } });
    expect(JSON.parse(audited!.details!)).toMatchObject({ key: 'magic_link', changed: ['subject', 'textBody'] });
  });

  it('rejects variables the template does not know with a 400 on the field, changing nothing', async () => {
    const id = await templateId('payment_failed');
    const before = (await EmailTemplate.findByPk(id))!.get();
    const res = await call('PUT', `/email-templates/${id}`, owner, {
      subject: 'Failed {{amount}}',
      textBody: 'Dear {{firstName}}, see {{link}}',
      htmlBody: '<p>{{portalUrl}}</p>',
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors.textBody).toMatch(/\{\{firstName\}\}, \{\{link\}\}/);
    expect(body.errors.subject).toBeUndefined();
    expect((await EmailTemplate.findByPk(id))!.get()).toEqual(before);
    const empty = await call('PUT', `/email-templates/${id}`, owner, { subject: '', textBody: 'x' });
    expect(empty.status).toBe(400);
    expect((await empty.json()).errors.subject).toBe('is required');
  });

  it('previews a template with sample data, escaping values in its HTML', async () => {
    const id = await templateId('payment_failed');
    await call('PUT', `/email-templates/${id}`, owner, {
      subject: 'Payment of {{amount}} failed',
      textBody: 'Hi {{customerName}}: {{failureMessage}} Fix it: {{portalUrl}}',
      htmlBody: '<p>Hi {{customerName}}</p><a href="{{portalUrl}}">Update your card</a>',
    });
    const preview = await (await call('GET', `/email-templates/${id}/preview`, viewer)).json();
    expect(preview).toMatchObject({ key: 'payment_failed', subject: 'Payment of $19.00 failed' });
    expect(preview.text).toBe('Hi Ada Lovelace: Your card was declined. Fix it: https://billing.example.com/portal/auth?token=sample');
    expect(preview.html).toContain('<a href="https://billing.example.com/portal/auth?token=sample">Update your card</a>');
    expect((await call('GET', '/email-templates/999/preview', viewer)).status).toBe(404);
  });
});

describe('the outbox', () => {
  it('queues a key once, sends it through SMTP, and records it as sent', async () => {
    const input = {
      template: 'magic_link' as const,
      to: 'ada@example.com',
      data: { link: 'https://recur.test/portal/auth?token=t1', expiresInMinutes: '15' },
      dedupeKey: 'magic:t1',
    };
    await queueNotification(recur.db, input);
    await queueNotification(recur.db, input);
    const mail = await smtp.waitFor((m) => m.to.includes('ada@example.com'));
    expect(mail.subject).toBe('Sign in to Acme billing');
    expect(mail.text).toBe('Your link: https://recur.test/portal/auth?token=t1\nValid 15 minutes.');
    expect(mail.html).toContain('<a href="https://recur.test/portal/auth?token=t1">');
    expect(mail.from).toBe('no-reply@recur.local');
    await recur.sender.flush();
    const rows = await Notification.findAll({ where: { to: 'ada@example.com' } });
    expect(rows.map((r) => [r.status, r.attempts, r.subject])).toEqual([['sent', 1, 'Sign in to Acme billing']]);
    expect(rows[0]!.sentAt).toBeInstanceOf(Date);
    expect(mailsTo('ada@example.com')).toHaveLength(1);
  });

  it('escapes variables in HTML', async () => {
    await queueNotification(recur.db, {
      template: 'admin_alert',
      to: 'ops@example.com',
      data: { title: '<script>x</script>', details: 'a & b', adminUrl: 'https://recur.test/admin/' },
    });
    const mail = await smtp.waitFor((m) => m.to.includes('ops@example.com'));
    expect(mail.subject).toBe('[Recur] <script>x</script>');
    expect(mail.html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(mail.html).not.toContain('<script>');
  });

  it('sends each queued row once when two senders share the database', async () => {
    const second = startSender(
      { db: recur.db, log: createLogger('silent'), baseUrl: recur.baseUrl },
      { smtpUrl: smtp.url, mailFrom: 'Recur <no-reply@recur.local>', pollMs: 20 },
    );
    try {
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          queueNotification(recur.db, {
            template: 'magic_link',
            to: `many${i}@example.com`,
            data: { link: `https://recur.test/l/${i}`, expiresInMinutes: '15' },
          }),
        ),
      );
      await eventually(async () => (await Notification.count({ where: { status: 'sent', template: 'magic_link' } })) === 31);
      await Promise.all([second.flush(), recur.sender.flush()]);
    } finally {
      await second.stop();
    }
    const many = smtp.messages.filter((m) => m.to[0]!.startsWith('many'));
    expect(many).toHaveLength(30);
    expect(new Set(many.map((m) => m.to[0])).size).toBe(30);
  });

  it('lists with filters and search, and shows one message with its bodies', async () => {
    const res = await call('GET', `/notifications?${filter({ template: 'magic_link', status: 'sent', q: 'ada@' })}`, viewer);
    expect(res.status).toBe(200);
    const rows = (await res.json()) as { id: number; to: string; textBody?: string }[];
    expect(rows.map((r) => r.to)).toEqual(['ada@example.com']);
    expect(rows[0]!.textBody).toBeUndefined();
    const one = await (await call('GET', `/notifications/${rows[0]!.id}`, admin)).json();
    // Sent: the sign-in token is not kept, the rest of the message is.
    expect(one).toMatchObject({
      to: 'ada@example.com',
      status: 'sent',
      template: 'magic_link',
      data: { link: 'https://recur.test/portal/auth?token=(redacted)' },
    });
    expect(one.textBody).toBe('Your link: https://recur.test/portal/auth?token=(redacted)\nValid 15 minutes.');
    expect(one.htmlBody).toContain('<a href="https://recur.test/portal/auth?token=(redacted)">');
    expect(JSON.stringify(one)).not.toContain('token=t1');
    expect((await call('GET', `/notifications?${filter({ status: 'lost' })}`, viewer)).status).toBe(400);
    expect((await call('GET', `/notifications?${filter({ subject: 'x' })}`, viewer)).status).toBe(400);
    expect((await call('GET', `/notifications?sort=${encodeURIComponent('["textBody","ASC"]')}`, viewer)).status).toBe(400);
  });

  it('re-sends a message as a new row (admin only, audited), never one still queued; a sign-in link is a new one', async () => {
    const customer = await makeCustomer(recur.db, { email: 'ada@example.com', name: 'Ada', stripeCustomerId: 'cus_resend_local', currency: 'usd' });
    const original = (await Notification.findOne({ where: { to: 'ada@example.com' } }))!;
    expect((await call('POST', `/notifications/${original.id}/resend`, viewer)).status).toBe(403);
    const res = await call('POST', `/notifications/${original.id}/resend`, admin);
    expect(res.status).toBe(201);
    const copy = await res.json();
    expect(copy).toMatchObject({ resentFrom: original.id, to: 'ada@example.com', template: 'magic_link' });
    await eventually(async () => mailsTo('ada@example.com').length === 2);
    const link = /\/portal\/auth\?token=([\w-]+)/.exec(mailsTo('ada@example.com')[1]!.text)?.[1];
    expect(link).toMatch(/^[\w-]{40,}$/);
    expect((await PortalToken.findOne({ where: { tokenHash: digest(link!) } }))?.customerId).toBe(customer.id);
    expect(await AuditLog.count({ where: { action: 'notification.resend', entityId: String(original.id) } })).toBe(1);
    expect((await call('POST', '/notifications/99999/resend', admin)).status).toBe(404);

    await recur.sender.stop();
    await queueNotification(recur.db, { template: 'magic_link', to: 'later@example.com', data: { link: 'https://recur.test/x', expiresInMinutes: '15' } });
    const queued = (await Notification.findOne({ where: { to: 'later@example.com' } }))!;
    expect(queued.status).toBe('queued');
    expect((await call('POST', `/notifications/${queued.id}/resend`, admin)).status).toBe(409);
    // A sender started later (a restart) picks up what was left queued.
    recur.sender = startSender(
      { db: recur.db, log: createLogger('silent'), baseUrl: recur.baseUrl },
      { smtpUrl: smtp.url, mailFrom: 'Recur <no-reply@recur.local>', pollMs: 100 },
    );
    await smtp.waitFor((m) => m.to.includes('later@example.com'));
  });
});

describe('admin alerts', () => {
  const admins = ['admin@notify.test', OWNER_EMAIL];
  const alertsTo = (title: string) =>
    smtp.messages
      .filter((m) => m.subject === `[Recur] ${title}`)
      .flatMap((m) => m.to)
      .sort();

  it('e-mails owners and admins (not viewers) when a reconciliation finds drift, once an hour', async () => {
    // Webhooks are not delivered (the app is not listening): Recur misses this customer until a sync.
    await recur.stripe.customers.create({ email: 'missed@example.com', name: 'Missed' });
    const res = await call('POST', '/sync', owner);
    expect(res.status).toBe(200);
    expect((await res.json()).created).toBeGreaterThan(0);
    await eventually(async () => alertsTo('Reconciliation found drift').length === 2);
    expect(alertsTo('Reconciliation found drift')).toEqual(admins);
    const mail = smtp.messages.find((m) => m.subject === '[Recur] Reconciliation found drift')!;
    expect(mail.text).toMatch(/customer cus_\w+ created/);
    expect(mail.text).toContain(`${recur.baseUrl}/admin/#/audit-logs`);

    await recur.stripe.customers.create({ email: 'missed2@example.com' });
    expect((await call('POST', '/sync', owner)).status).toBe(200);
    await recur.sender.flush();
    expect(alertsTo('Reconciliation found drift')).toEqual(admins);
    // No drift, no alert row either.
    const before = await Notification.count({ where: { template: 'admin_alert' } });
    await call('POST', '/sync', owner);
    expect(await Notification.count({ where: { template: 'admin_alert' } })).toBe(before);
  });

  it('e-mails them when a webhook event keeps failing', async () => {
    const created = Math.floor(Date.now() / 1000);
    await deliver(recur, {
      id: 'evt_keeps_failing',
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
    });
    await recur.sender.check();
    await recur.sender.flush();
    expect(alertsTo('Webhook events keep failing')).toEqual([]);
    await eventually(async () => ((await StripeEvent.findByPk('evt_keeps_failing'))?.attempts ?? 0) >= 3, 20_000);
    await recur.sender.check();
    const mail = await smtp.waitFor((m) => m.subject === '[Recur] Webhook events keep failing');
    expect(mail.text).toMatch(/evt_keeps_failing \(invoice.created\), \d attempts: .*cus_does_not_exist/);
    await eventually(async () => alertsTo('Webhook events keep failing').length === 2);
    expect(alertsTo('Webhook events keep failing')).toEqual(admins);
  });
});

describe('trials about to end', () => {
  it('e-mails a trialing customer whose trial ends within three days, once', async () => {
    const customer = await makeCustomer(recur.db, { email: 'trial@example.com', name: 'Trial Person', stripeCustomerId: 'cus_trial_local', currency: 'usd' });
    const trialEnd = new Date(Math.floor((Date.now() + 2 * 86_400_000) / 1000) * 1000);
    const common = {
      customerId: customer.id,
      planId: null,
      stripePriceId: null,
      quantity: 1,
      unitAmount: 4900,
      recurringAmount: 4900,
      currency: 'usd',
      interval: 'month' as const,
      intervalCount: 1,
      currentPeriodStart: new Date(),
      currentPeriodEnd: trialEnd,
      cancelAtPeriodEnd: false,
      canceledAt: null,
      lastEventAt: 0,
    };
    const soon = await Subscription.create({ ...common, stripeSubscriptionId: 'sub_trial_soon', status: 'trialing', trialEnd });
    await Subscription.create({ ...common, stripeSubscriptionId: 'sub_trial_later', status: 'trialing', trialEnd: new Date(Date.now() + 10 * 86_400_000) });
    await recur.sender.check();
    await recur.sender.check();
    const mail = await smtp.waitFor((m) => m.to.includes('trial@example.com'));
    expect(mail.text).toContain('Hello Trial Person');
    expect(mail.text).toContain('From then on the subscription costs $49.00 / month.');
    await recur.sender.flush();
    const rows = await Notification.findAll({ where: { template: 'trial_ending', customerId: customer.id } });
    expect(rows.map((r) => r.dedupeKey)).toEqual([`trial_ending:sub_trial_soon:${trialEnd.getTime() / 1000}`]);
    expect(JSON.parse(rows[0]!.data)).toEqual({ subscriptionId: soon.id });
  });
});

describe('sign-in links in the outbox', () => {
  it('leave with the e-mail and are not kept, subject included; a viewer sees none either', async () => {
    await call('PUT', `/email-templates/${await templateId('magic_link')}`, owner, {
      subject: 'Sign in: {{link}}',
      textBody: 'Your link: {{link}}',
      htmlBody: null,
    });
    const link = `${recur.baseUrl}/portal/auth?token=secret-sign-in-token_123`;
    await queueNotification(recur.db, { template: 'magic_link', to: 'hidden-link@example.com', data: { link, expiresInMinutes: '15' } });
    const mail = await smtp.waitFor((m) => m.to.includes('hidden-link@example.com'));
    expect([mail.subject, mail.text]).toEqual([`Sign in: ${link}`, `Your link: ${link}`]);
    await recur.sender.flush();
    const row = (await Notification.findOne({ where: { to: 'hidden-link@example.com' } }))!;
    expect(JSON.stringify(row.get())).not.toContain('secret-sign-in-token_123');
    for (const cookie of [admin, viewer]) {
      const shown = await (await call('GET', `/notifications/${row.id}`, cookie)).json();
      expect(JSON.stringify(shown)).not.toContain('secret-sign-in-token_123');
      expect(shown.subject).toBe(`Sign in: ${recur.baseUrl}/portal/auth?token=(redacted)`);
    }
    const listed = (await (await call('GET', `/notifications?${filter({ q: 'hidden-link@' })}`, viewer)).json()) as { subject: string }[];
    expect(listed.map((n) => n.subject)).toEqual([`Sign in: ${recur.baseUrl}/portal/auth?token=(redacted)`]);
  });
});
