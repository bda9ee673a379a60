import Stripe from 'stripe';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { RunningEmulator } from '../../emulator/index';
import { startEmulator } from '../../emulator/index';

export interface TestEmulator {
  emulator: RunningEmulator;
  stripe: Stripe;
}

export async function startTestEmulator(): Promise<TestEmulator> {
  const emulator = await startEmulator({ port: 0 });
  const stripe = new Stripe('sk_test_emulator', {
    host: '127.0.0.1',
    port: emulator.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  return { emulator, stripe };
}

export const GOOD_CARD = {
  cardNumber: '4242 4242 4242 4242',
  cardExpiry: '12 / 34',
  cardCvc: '123',
  billingName: 'Ada Lovelace',
};

/** Submits the hosted Checkout form the way a browser does. */
export async function submitCheckout(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

export async function recurringPrice(stripe: Stripe, amount = 2000, name = 'Pro'): Promise<Stripe.Price> {
  return stripe.prices.create({
    currency: 'usd',
    unit_amount: amount,
    recurring: { interval: 'month' },
    product_data: { name },
  });
}

export interface Received {
  body: string;
  signature: string;
  headers: Headers;
}

export interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** A local webhook endpoint; `respond` picks each answer's status (default 200). */
export async function startReceiver(respond: (n: number) => number = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const app = new Hono();
  app.post('/hook', async (c) => {
    received.push({ body: await c.req.text(), signature: c.req.header('stripe-signature') ?? '', headers: c.req.raw.headers });
    return c.text('ok', respond(received.length) === 500 ? 500 : 200);
  });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}/hook`,
        received,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

export async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Polls an async read until its result passes `ok`, returning that result. */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
