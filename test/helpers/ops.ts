import Stripe from 'stripe';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { EmulatorOptions, RunningEmulator } from '../../emulator/index';
import { startEmulator } from '../../emulator/index';

/** Helpers for the ops-side tests: control routes, a scriptable webhook receiver, an SDK client. */

export function sdkFor(emulator: RunningEmulator, maxNetworkRetries = 0): Stripe {
  return new Stripe('sk_test_emulator', { host: '127.0.0.1', port: emulator.port, protocol: 'http', maxNetworkRetries });
}

export async function startOpsEmulator(opts: EmulatorOptions = {}): Promise<{ emulator: RunningEmulator; stripe: Stripe }> {
  const emulator = await startEmulator({ port: 0, ...opts });
  return { emulator, stripe: sdkFor(emulator) };
}

export interface ControlResponse<T> {
  status: number;
  body: T;
}

/** Calls a /_emulator route with plain fetch and JSON, as a test harness would. */
export async function control<T>(emulator: Pick<RunningEmulator, 'url'>, method: string, path: string, body?: unknown): Promise<ControlResponse<T>> {
  const res = await fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const parsed: T = await res.json();
  return { status: res.status, body: parsed };
}

export interface LoggedDelivery {
  event_id: string;
  endpoint_id: string;
  attempt: number;
  status: number | null;
  error: string | null;
  dropped: boolean;
  duplicate: boolean;
  resend: boolean;
  delay_ms: number;
}

export async function deliveryLog(emulator: RunningEmulator, endpointId?: string): Promise<LoggedDelivery[]> {
  const q = endpointId ? `?endpoint=${endpointId}` : '';
  return (await control<{ data: LoggedDelivery[] }>(emulator, 'GET', `/deliveries${q}`)).body.data;
}

/** Waits until the emulator has nothing left to deliver (GET /_emulator/deliveries/idle). */
export async function deliveriesIdle(emulator: RunningEmulator): Promise<void> {
  const res = await control<{ idle: boolean }>(emulator, 'GET', '/deliveries/idle?timeout_ms=20000');
  if (!res.body.idle) throw new Error('deliveries did not go idle');
}

export interface Hook {
  body: string;
  signature: string;
  type: string;
  eventId: string;
}

export interface HookReceiver {
  url: string;
  received: Hook[];
  close(): Promise<void>;
}

export interface HookAnswer {
  status?: number;
  /** Answers only after this long (to run into the emulator's delivery timeout). */
  delayMs?: number;
}

/** A local webhook endpoint whose n-th answer (1-based) `answer` decides; 200 at once by default. */
export async function startHookReceiver(answer: (n: number) => HookAnswer = () => ({})): Promise<HookReceiver> {
  const received: Hook[] = [];
  const app = new Hono();
  app.post('/hook', async (c) => {
    const body = await c.req.text();
    const parsed: { type: string; id: string } = JSON.parse(body);
    received.push({ body, signature: c.req.header('stripe-signature') ?? '', type: parsed.type, eventId: parsed.id });
    const { status = 200, delayMs = 0 } = answer(received.length);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    return c.text('ok', status === 500 ? 500 : status === 404 ? 404 : 200);
  });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}/hook`,
        received,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
  });
}
