import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BILLING_SETTINGS } from '../../emulator/billing/state';
import { EMULATOR_RETRY_DAYS, retrySchedule } from '../../server/billing/retrySchedule';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';

let recur: TestRecur;
beforeAll(async () => {
  recur = await startTestRecur({ seed: false });
});
afterAll(() => recur.close());

describe('/api/retry-schedule', () => {
  it("shows the emulator's schedule, which matches the emulator's default", async () => {
    expect(EMULATOR_RETRY_DAYS).toEqual(DEFAULT_BILLING_SETTINGS.retrySchedule);
    const res = await recur.app.request('/api/retry-schedule', { headers: { cookie: await signInCookie(recur.app) } });
    expect(await res.json()).toMatchObject({ source: 'emulator', days: [1, 3, 7] });
    expect(retrySchedule('live')).toMatchObject({ source: 'stripe', days: null });
    expect((await recur.app.request('/api/retry-schedule')).status).toBe(401);
  });
});
