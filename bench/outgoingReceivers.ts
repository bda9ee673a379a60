import { Worker } from 'node:worker_threads';

export interface BenchReceiver {
  url: string;
  /** requests received so far */
  count(): number;
  close(): Promise<void>;
}

/**
 * An app's webhook endpoint for the outgoing-webhooks variant of bench/webhooks: receiver-worker.ts
 * in a thread of its own, counting requests, so receiving does not share the load generator's loop.
 */
export function startBenchReceiver(): Promise<BenchReceiver> {
  const shared = new SharedArrayBuffer(4);
  const counter = new Int32Array(shared);
  // Workers do not inherit tsx's loader, so the worker registers it before importing the TypeScript module.
  const entry = new URL('./receiver-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(boot, { eval: true, workerData: shared });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (msg: { url: string }) =>
      resolve({
        url: msg.url,
        count: () => Atomics.load(counter, 0),
        close: () =>
          new Promise<void>((done) => {
            worker.once('exit', () => done());
            worker.postMessage('close');
          }),
      }),
    );
  });
}
