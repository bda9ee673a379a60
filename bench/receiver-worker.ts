// The bench's webhook endpoint, in its own thread so receiving does not compete with the emulator.
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const counter = new Int32Array(workerData as SharedArrayBuffer);
const app = new Hono();
app.post('/hook', async (c) => {
  await c.req.arrayBuffer();
  Atomics.add(counter, 0, 1);
  return c.text('ok');
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  parentPort?.postMessage({ url: `http://127.0.0.1:${info.port}/hook` });
});
parentPort?.on('message', (msg: unknown) => {
  if (msg === 'close') server.close(() => process.exit(0));
});
