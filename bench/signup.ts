// bench/signup: GET /signup/:slug for a custom form (three plans, four custom fields) over 50
// connections for 10 s, against the real server in its own process: requests/s, p99 and the
// page's size in bytes.
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { startBenchServer } from './server';

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const EMAIL = 'bench@recur.local';
const PASSWORD = 'bench password long enough';
const SLUG = 'bench-offer';

export interface SignupFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  pageBytes: number;
  non2xx: number;
  errors: number;
}

async function createForm(base: string): Promise<void> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const plans = (await (await fetch(`${base}/api/plans?filter=${encodeURIComponent('{"active":true}')}`, { headers: { cookie } })).json()) as { id: number }[];
  const res = await fetch(`${base}/api/signup-forms`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      slug: SLUG,
      title: 'Bench offer',
      intro: 'A form with custom fields, as an admin would build one.\n\nPick a plan below.',
      planIds: plans.slice(0, 3).map((p) => p.id),
      customFields: [
        { key: 'company', label: 'Company', type: 'text', required: true },
        { key: 'size', label: 'Team size', type: 'select', options: ['1-10', '11-50', '51-200', '200+'], required: true },
        { key: 'billingEmail', label: 'Billing e-mail', type: 'email' },
        { key: 'terms', label: 'I accept the terms', type: 'checkbox', required: true },
      ],
      successMessage: 'Thank you!',
      accentColor: '#0b7a75',
    }),
  });
  if (res.status !== 201) throw new Error(`creating the form answered ${res.status}: ${await res.text()}`);
}

export async function runSignupBench(): Promise<SignupFigures> {
  const server = await startBenchServer({ ADMIN_EMAIL: EMAIL, ADMIN_PASSWORD: PASSWORD });
  try {
    await createForm(server.url);
    const url = `${server.url}/signup/${SLUG}`;
    const page = await fetch(url);
    const html = await page.text();
    if (page.status !== 200 || !html.includes('name="company"')) throw new Error(`unexpected page ${page.status}: ${html.slice(0, 200)}`);
    await autocannon({ url, connections: CONNECTIONS, duration: 2 }); // warm-up
    const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
    return {
      requestsPerSecond: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      pageBytes: Buffer.byteLength(html),
      non2xx: result.non2xx,
      errors: result.errors,
    };
  } finally {
    await server.stop();
  }
}

if (process.argv[1]?.endsWith('bench/signup.ts')) {
  runSignupBench()
    .then((figures) => {
      console.table([figures]);
      mkdirSync('bench/results', { recursive: true });
      writeFileSync('bench/results/signup.json', JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2));
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
