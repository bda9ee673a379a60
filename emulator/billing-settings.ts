import { Hono } from 'hono';
import type { EmulatorEnv } from './http/env';
import type { Runtime } from './runtime';
import type { AfterRetries, BillingSettings } from './billing/state';

function isAfterRetries(v: unknown): v is AfterRetries {
  return v === 'cancel' || v === 'unpaid' || v === 'past_due';
}

/**
 * `POST /_emulator/settings` with JSON `{"retrySchedule":[1,3,7],"afterRetries":"cancel"}`:
 * the dunning policy Stripe keeps in its dashboard settings. GET shows the current one.
 */
export function billingSettingsRoutes(rt: Runtime): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();
  app.get('/', (c) => c.json(rt.store.billing.settings));
  app.post('/', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: { type: 'invalid_request_error', message: 'Send the settings as a JSON object.' } }, 400);
    }
    if (typeof body !== 'object' || body === null) {
      return c.json({ error: { type: 'invalid_request_error', message: 'Send the settings as a JSON object.' } }, 400);
    }
    const next: BillingSettings = { ...rt.store.billing.settings };
    const schedule: unknown = 'retrySchedule' in body ? body.retrySchedule : undefined;
    if (schedule !== undefined) {
      const days = Array.isArray(schedule) ? schedule.filter((d): d is number => typeof d === 'number' && Number.isFinite(d) && d > 0) : [];
      if (!Array.isArray(schedule) || days.length !== schedule.length || days.some((d, i) => i > 0 && d <= days[i - 1])) {
        return c.json({ error: { type: 'invalid_request_error', message: 'retrySchedule must be increasing positive day counts, e.g. [1,3,7].' } }, 400);
      }
      next.retrySchedule = days;
    }
    const after: unknown = 'afterRetries' in body ? body.afterRetries : undefined;
    if (after !== undefined) {
      if (!isAfterRetries(after)) {
        return c.json({ error: { type: 'invalid_request_error', message: 'afterRetries must be "cancel", "unpaid" or "past_due".' } }, 400);
      }
      next.afterRetries = after;
    }
    rt.store.billing.settings = next;
    rt.log(`billing settings: ${JSON.stringify(next)}`);
    return c.json(next);
  });
  return app;
}
