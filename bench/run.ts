// `npm run bench`: every benchmark, one table, and bench/results/latest.json.
import autocannon from 'autocannon';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { startBenchServer } from './server';

interface Row {
  benchmark: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  bytes: number;
  errors: number;
}

async function load(name: string, url: string, headers: Record<string, string> = {}): Promise<Row> {
  const result = await autocannon({ url, connections: 32, duration: 5, headers });
  const sample = await fetch(url, { headers });
  return {
    benchmark: name,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    bytes: (await sample.arrayBuffer()).byteLength,
    errors: result.errors + result.non2xx,
  };
}

async function main(): Promise<void> {
  const server = await startBenchServer();
  try {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@recur.local', password: 'bench password long enough' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const rows = [
      await load('GET /healthz', `${server.url}/healthz`),
      await load('GET /signup', `${server.url}/signup`),
      await load('GET /api/plans (session)', `${server.url}/api/plans`, { cookie }),
    ];
    console.table(rows);
    const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
    writeFileSync('bench/results/latest.json', JSON.stringify({ at: new Date().toISOString(), machine, rows }, null, 2));
    console.log('written: bench/results/latest.json');
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
