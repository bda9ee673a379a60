import { readFileSync, existsSync } from 'node:fs';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Payment } from '../../server/db/models';
import { createLogger } from '../../server/logger';
import { findCardNumbers, findSecurityCodes } from '../helpers/cardData';
import { testPostgresUrl } from '../helpers/database';
import { tableNames } from '../helpers/fingerprint';
import { eventually, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';

const CARD = '4242424242424242';
const logLines: string[] = [];
let recur: TestRecur;

beforeAll(async () => {
  // Recur's own logger at debug level, written into memory for this test to read.
  const log = createLogger('debug', { write: (line: string) => void logLines.push(line) });
  recur = await startTestRecur({ log });
  await recur.listen();
  // Through the hosted form and the emulator's Checkout page, with a card number and a CVC typed in.
  await signUp(recur, 'Gold Monthly', 'card-data@example.com', CARD);
  await signUp(recur, 'Silver Monthly', 'card-data-2@example.com', '4242 4242 4242 4242');
  await eventually(async () => (await Payment.count({ where: { status: 'succeeded' } })) >= 2, 20_000);
  await settle(recur);
  // And the admin reading everything, so read paths are logged too.
  const cookie = await signInCookie(recur.app);
  for (const resource of ['payments', 'customers', 'subscriptions', 'invoices', 'events']) {
    expect((await recur.app.request(`/api/${resource}`, { headers: { cookie } })).status).toBe(200);
  }
});
afterAll(() => recur.close());

describe('the detectors (so a clean scan means something)', () => {
  it('find card numbers in every usual notation, and security codes in JSON and forms', () => {
    expect(findCardNumbers(`{"number":"${CARD}"}`)).toHaveLength(1);
    expect(findCardNumbers('card 4242 4242 4242 4242 and 5555-5555-5555-4444, amex 378282246310005')).toHaveLength(3);
    expect(findCardNumbers('time 1763805600123, cus_4242424242424242, price 4200, 4242424242424241')).toEqual([]);
    expect(findSecurityCodes('{"cvc":"123"} cardCvc=123 &cvv=9876 "card_cvc": 123')).toHaveLength(4);
    expect(findSecurityCodes('{"cvc_check":"pass","cvc":null}')).toEqual([]);
  });
});

describe('no card data in Recur', () => {
  it('has recorded the signups (the data the scan covers is there)', async () => {
    const rows = await recur.db.sequelize.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM stripe_events', { type: QueryTypes.SELECT });
    expect(Number(rows[0]!.n)).toBeGreaterThan(5);
    expect(logLines.length).toBeGreaterThan(10);
  });

  it('holds no card number or security code in any column of any table', async () => {
    const tables = await tableNames(recur.db.sequelize);
    expect(tables.length).toBeGreaterThan(10);
    const findings: string[] = [];
    let cells = 0;
    for (const name of tables) {
      const rows = await recur.db.sequelize.query<Record<string, unknown>>(`SELECT * FROM "${name}"`, { type: QueryTypes.SELECT });
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          if (value === null || value === undefined) continue;
          cells++;
          const text = value instanceof Date ? value.toISOString() : String(value);
          for (const hit of [...findCardNumbers(text), ...findSecurityCodes(text)]) findings.push(`${name}.${column}: ${hit}`);
        }
      }
    }
    expect(cells).toBeGreaterThan(100);
    expect(findings).toEqual([]);
  });

  // PostgreSQL's files are the server's, not this test's to read: the column scan above covers it there.
  it.skipIf(!!testPostgresUrl())('has not the test card number anywhere in the database files, even in free pages or the WAL', () => {
    const storage = recur.db.storage!;
    for (const file of [storage, `${storage}-wal`].filter(existsSync)) {
      const bytes = readFileSync(file).toString('latin1');
      expect(bytes.includes(CARD)).toBe(false);
      expect(bytes.includes('4242 4242 4242 4242')).toBe(false);
    }
  });

  it('logs no card number or security code', () => {
    const text = logLines.join('');
    expect(findCardNumbers(text)).toEqual([]);
    expect(findSecurityCodes(text)).toEqual([]);
  });
});
