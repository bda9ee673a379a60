// bench/webhooks: signed events posted over 50 connections for 10 s; accepted events/s, p99, the
// apply rate until the backlog is empty, server memory, a bare Hono hello-world for scale, and the
// no-database ceiling (Hono + constructEvent + a Map) on the same events, beside Recur's figure.
import autocannon from 'autocannon';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { buildEventStream, signedRequest } from './events';
import { startBenchServer } from './server';
import { procStat, TICKS_PER_SECOND } from './procStat';
import { startBenchReceiver, type BenchReceiver } from './outgoingReceivers';

const SECRET = 'whsec_bench_secret';
const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

/** Resident memory of the server: `tsx` runs it in a child process, so the whole process tree counts. */
function rssMb(pid: number): number {
  const own = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  let children: number[] = [];
  try {
    children = readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    // the process exited between the reads
  }
  return (own ? Math.round(Number(own[1]) / 1024) : 0) + children.reduce((sum, child) => sum + rssMb(child), 0);
}

/** CPU time the server process has used (all its threads), in ms: a figure other load on the machine barely moves. */
function cpuMs(pid: number): number {
  return ((procStat(pid)?.cpuTicks ?? 0) * 1000) / TICKS_PER_SECOND;
}

async function helloWorld(): Promise<number> {
  const app = new Hono().get('/', (c) => c.text('hello'));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const result = await autocannon({ url: `http://127.0.0.1:${port}/`, connections: CONNECTIONS, duration: 5 });
  server.close();
  return Math.round(result.requests.average);
}

/**
 * The no-database ceiling (bench/ceilingServer.ts: Hono + constructEvent + a Map) on the same
 * signed events, connections and duration, in its own process as Recur runs: the target
 * for Recur's intake is a share of this figure measured in the same run.
 */
async function ceiling(signed: readonly { body: string; headers: Record<string, string> }[]): Promise<{ perSecond: number; p99Ms: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ceilingServer.ts'], {
    env: { ...process.env, STRIPE_WEBHOOK_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the ceiling server exited with ${code}`)));
      child.stdout!.on('data', (chunk: Buffer) => {
        const match = /listening (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
    });
    let next = 0;
    const requests = [{ method: 'POST' as const, path: '/webhooks/stripe', setupRequest: (req: object) => ({ ...req, ...signed[next++ % signed.length] }) }];
    const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, duration: DURATION, requests });
    if (result.non2xx) throw new Error(`the ceiling server refused ${result.non2xx} events`);
    return { perSecond: Math.round(result.requests.average), p99Ms: result.latency.p99 };
  } finally {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  }
}

export interface WebhookBenchOptions {
  /**
   * Outgoing webhooks (issue 15): this many endpoints, each listening to every event type, each a
   * receiver in a thread of its own. Recur then also writes its own events while applying, and its
   * delivery worker sends them during the run (paced, so intake keeps its figures).
   */
  outgoingEndpoints?: number;
}

export async function runWebhookBench(options: WebhookBenchOptions = {}) {
  const hello = await helloWorld();
  const server = await startBenchServer({ STRIPE_WEBHOOK_SECRET: SECRET });
  const receivers: BenchReceiver[] = [];
  try {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@recur.local', password: 'bench password long enough' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    for (let i = 0; i < (options.outgoingEndpoints ?? 0); i++) {
      const receiver = await startBenchReceiver();
      receivers.push(receiver);
      const res = await fetch(`${server.url}/api/webhook-endpoints`, {
        method: 'POST',
        headers: { cookie, origin: server.url, 'content-type': 'application/json' },
        body: JSON.stringify({ url: receiver.url }),
      });
      if (res.status !== 201) throw new Error(`creating an outgoing endpoint answered ${res.status}`);
    }
    const withStatus = async (status: string) => {
      const res = await fetch(`${server.url}/api/events?filter=${encodeURIComponent(JSON.stringify({ status }))}&range=[0,0]`, { headers: { cookie } });
      return Number(res.headers.get('content-range')?.split('/')[1] ?? 0);
    };
    const pending = () => withStatus('pending');
    const events = buildEventStream(Math.ceil((12_000 * DURATION) / 3));
    const signed = events.map((e) => signedRequest(e, SECRET));
    let next = 0;
    // autocannon repeats a request list per connection; one shared cursor sends each event once.
    const requests = [{ method: 'POST' as const, path: '/webhooks/stripe', setupRequest: (req: object) => ({ ...req, ...signed[next++ % signed.length] }) }];
    let peakRss = rssMb(server.process.pid!);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(server.process.pid!))), 200);
    const started = Date.now();
    const cpuAtStart = cpuMs(server.process.pid!);
    const result = await autocannon({ url: server.url, connections: CONNECTIONS, duration: DURATION, requests });
    const burstEndedAt = Date.now();
    const sent = Math.min(next, signed.length);
    const acceptedPerSecond = Math.round(result.requests.average);
    while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 100));
    const drainedAt = Date.now();
    const deliveredAtDrain = receivers.reduce((sum, r) => sum + r.count(), 0);
    const cpuUsed = cpuMs(server.process.pid!) - cpuAtStart;
    clearInterval(sampler);
    const counts = await (await fetch(`${server.url}/api/events?range=[0,0]`, { headers: { cookie } })).headers.get('content-range');
    // After Recur's backlog is empty, so the two never share the cores.
    const noDatabase = await ceiling(signed);
    return {
      helloWorldRps: hello,
      ceilingPerSecond: noDatabase.perSecond,
      ceilingP99Ms: noDatabase.p99Ms,
      acceptedPerSecond,
      ofCeilingPercent: Math.round((acceptedPerSecond / noDatabase.perSecond) * 100),
      p99Ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      eventsSent: sent,
      eventsStored: Number(counts?.split('/')[1] ?? 0),
      // stored but not applied: a lost event would show here or in the gap between sent and stored
      eventsFailed: await withStatus('failed'),
      appliedPerSecond: Math.round(sent / ((drainedAt - started) / 1000)),
      // applying yields to intake during the burst (server/stripe/inbox/intakeYield.ts): what waited is applied after it
      drainedAfterBurstMs: drainedAt - burstEndedAt,
      peakRssMb: peakRss,
      // server CPU (both threads, SQLite's I/O threads) per 1,000 events, ingest to applied
      serverCpuMsPer1k: Math.round((cpuUsed / sent) * 1000),
      outgoingEndpoints: receivers.length,
      // Recur's own events received by the apps when the Stripe backlog was empty (all endpoints together)
      outgoingDeliveredAtDrain: deliveredAtDrain,
    };
  } finally {
    await server.stop();
    for (const receiver of receivers) await receiver.close();
  }
}

if (process.argv[1]?.endsWith('bench/webhooks.ts')) {
  // `npx tsx bench/webhooks.ts --outgoing=3`: the same run with three outgoing-webhook endpoints.
  // `--runs=5`: five runs in turn, one row each (the p99 target holds in every one).
  const flag = (name: string) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? 0);
  const outgoing = flag('outgoing');
  const runs = Math.max(1, flag('runs'));
  (async () => {
    const rows = [];
    for (let i = 0; i < runs; i++)
      rows.push({ load: readFileSync('/proc/loadavg', 'utf8').split(' ')[0], ...(await runWebhookBench({ outgoingEndpoints: outgoing })) });
    console.table(rows);
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
