// `npx tsx bench/emulator.ts`: seconds to advance a test clock across one renewal of 10,000
// subscriptions, every invoice charged and every event delivered to a local endpoint.
import Stripe from 'stripe';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Worker } from 'node:worker_threads';
import { createEmulatorApp } from '../emulator/index';

const DAY = 86_400;

interface Listening {
  url: string;
  close(): Promise<void>;
}

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<Listening> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
  });
}

interface Receiver {
  url: string;
  counter: Int32Array;
  close(): Promise<void>;
}

/** The endpoint runs in a worker thread and counts deliveries in shared memory. */
function startReceiver(): Promise<Receiver> {
  const shared = new SharedArrayBuffer(4);
  // Workers do not inherit tsx's loader, so the worker registers it before importing the TypeScript module.
  const entry = new URL('./receiver-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(boot, { eval: true, workerData: shared });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (msg: { url: string }) =>
      resolve({
        url: msg.url,
        counter: new Int32Array(shared),
        close: () =>
          new Promise<void>((done) => {
            worker.once('exit', () => done());
            worker.postMessage('close');
          }),
      }),
    );
  });
}

/** Runs `work` over `items` with at most `width` in flight. */
async function pool<T>(items: T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

export async function runEmulatorBench(
  subscriptions = Number(process.env.BENCH_SUBSCRIPTIONS ?? 10_000),
): Promise<{ seconds: number; subscriptions: number; events: number }> {
  const emulator = createEmulatorApp({ webhooks: { maxAttempts: 1 } });
  const api = await listen(emulator.app.fetch);
  const receiver = await startReceiver();
  const received = (): number => Atomics.load(receiver.counter, 0);
  const port = Number(new URL(api.url).port);
  const stripe = new Stripe('sk_test_bench', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
  try {
    const start = Date.UTC(2030, 0, 1) / 1000;
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' }, product_data: { name: 'Bench' } });
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start });
    const setupStarted = Date.now();
    await pool(
      Array.from({ length: subscriptions }, (_, i) => i),
      64,
      async (i) => {
        const customer = await stripe.customers.create({
          email: `bench${i}@x.io`,
          test_clock: clock.id,
          invoice_settings: { default_payment_method: 'pm_card_visa' },
        });
        await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
      },
    );
    console.log(`setup: ${subscriptions} subscriptions in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);

    // The endpoint is added after setup, so only the renewal's events are counted and delivered.
    await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'] });
    const eventsBefore = emulator.runtime.store.events.size;
    const t0 = performance.now();
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: start + 31 * DAY + 3600 });
    for (;;) {
      const c = await stripe.testHelpers.testClocks.retrieve(clock.id);
      if (c.status === 'ready') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const tReady = performance.now();
    const events = emulator.runtime.store.events.size - eventsBefore;
    while (received() < events) await new Promise((r) => setTimeout(r, 20));
    const seconds = (performance.now() - t0) / 1000;

    const paid = emulator.runtime.store.invoices.newestFirst((inv) => inv.billing_reason === 'subscription_cycle' && inv.status === 'paid').length;
    console.log(`clock ready after ${((tReady - t0) / 1000).toFixed(2)} s; ${paid} renewal invoices paid; ${events} events, ${received()} delivered`);
    console.log(`advance across one renewal of ${subscriptions} subscriptions: ${seconds.toFixed(2)} s`);
    return { seconds, subscriptions, events };
  } finally {
    emulator.shutdown();
    await Promise.all([api.close(), receiver.close()]);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runEmulatorBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
