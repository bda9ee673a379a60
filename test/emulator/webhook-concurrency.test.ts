import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/index';
import { deliveriesIdle, deliveryLog, startOpsEmulator } from '../helpers/ops';

interface SlowReceiver {
  url: string;
  eventIds: string[];
  maxInFlight: number;
  close(): Promise<void>;
}

/** Answers each delivery after `holdMs` and records how many were open at once. */
function slowReceiver(holdMs: number): Promise<SlowReceiver> {
  const state = { eventIds: [] as string[], inFlight: 0, maxInFlight: 0 };
  const app = new Hono();
  app.post('/hook', async (c) => {
    const event: { id: string } = JSON.parse(await c.req.text());
    state.eventIds.push(event.id);
    state.maxInFlight = Math.max(state.maxInFlight, ++state.inFlight);
    await new Promise((r) => setTimeout(r, holdMs));
    state.inFlight--;
    return c.text('ok');
  });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({
        url: `http://127.0.0.1:${info.port}/hook`,
        get eventIds() {
          return state.eventIds;
        },
        get maxInFlight() {
          return state.maxInFlight;
        },
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      }),
    );
  });
}

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function deliverTen(concurrency: number): Promise<{ r: SlowReceiver; emulator: RunningEmulator; created: string[] }> {
  const { emulator, stripe } = await startOpsEmulator({ webhooks: { concurrency } });
  const r = await slowReceiver(40);
  open.push(emulator, r);
  const endpoint = await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['product.created'] });
  for (let i = 0; i < 10; i++) await stripe.products.create({ name: `P${i}` });
  await deliveriesIdle(emulator);
  const created = (await stripe.events.list({ type: 'product.created', limit: 10 })).data.map((e) => e.id).reverse();
  const log = await deliveryLog(emulator, endpoint.id);
  expect(log.every((d) => d.status === 200 && d.attempt === 1)).toBe(true);
  expect(log.map((d) => d.event_id).sort()).toEqual([...created].sort());
  return { r, emulator, created };
}

describe('deliveries in flight per endpoint', () => {
  it('keeps up to the policy concurrency open at once, never more', async () => {
    const { r, created } = await deliverTen(4);
    expect(r.maxInFlight).toBe(4);
    expect([...r.eventIds].sort()).toEqual([...created].sort());
  });

  it('sends strictly in event order with concurrency 1', async () => {
    const { r, created } = await deliverTen(1);
    expect(r.maxInFlight).toBe(1);
    expect(r.eventIds).toEqual(created);
  });
});
