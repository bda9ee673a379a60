import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports';
import { startCommand } from '../../bench/startCommand';

/**
 * Issue 17: `npm start` runs the compiled server (dist/, built by `npm run build`, which `npm test`
 * runs first) with plain node, in one process. Started here as package.json's start script starts
 * it (its environment and node flags), on a fresh database and free ports.
 */
const start = startCommand();
const scriptEnv = start.env;
const nodeArgs = [...start.nodeFlags, ...start.args];

let dir: string;
let child: ChildProcess;
let exited: Promise<number | null>;
let output = '';
let url: string;
let emulatorUrl: string;
const owner = { email: 'owner@recur.local', password: 'correct horse battery staple' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recur-dist-'));
  const port = await freePort();
  const emulatorPort = await freePort();
  url = `http://127.0.0.1:${port}`;
  emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...scriptEnv,
    PORT: String(port),
    EMULATOR_PORT: String(emulatorPort),
    DATABASE_URL: `sqlite:${join(dir, 'recur.sqlite')}`,
    ADMIN_EMAIL: owner.email,
    ADMIN_PASSWORD: owner.password,
    LOG_LEVEL: 'warn',
  };
  delete env.NODE_OPTIONS; // vitest's own loader options are not npm start's
  child = spawn(process.execPath, nodeArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  await Promise.race([
    new Promise<void>((resolve) => {
      const check = () => (output.includes('Recur is running') ? resolve() : setTimeout(check, 20));
      check();
    }),
    exited.then((code) => {
      throw new Error(`npm start's process exited with ${code}: ${output.slice(-2000)}`);
    }),
  ]);
}, 120_000);

afterAll(async () => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start: the compiled server', () => {
  it('is node running scripts/start.mjs, which runs dist/server/index.js', () => {
    expect(nodeArgs.at(-1)).toBe('scripts/start.mjs');
    // Its default command (`npm run sync` names `sync`) is the compiled server.
    expect(readFileSync('scripts/start.mjs', 'utf8')).toMatch(/server: \{ entry: '\.\.\/dist\/server\/index\.js'/);
  });

  it('answers /healthz with 200', async () => {
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, db: 'ok', stripe: 'emulator' });
  });

  it('serves the built admin app at /admin/', async () => {
    const response = await fetch(`${url}/admin/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toBe(readFileSync('dist/admin/index.html', 'utf8'));
    expect(html).toMatch(/src="\/admin\/assets\/[^"]+\.js"/);
  });

  it('applies Stripe webhooks in its apply thread (dist/server/apply-thread.js)', async () => {
    const email = `dist-${Date.now()}@example.com`;
    const created = await fetch(`${emulatorUrl}/v1/customers`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_dist', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, name: 'Dist Start' }),
    });
    expect(created.status).toBe(200);
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(owner) });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const deadline = Date.now() + 20_000;
    let emails: string[] = [];
    while (Date.now() < deadline) {
      const customers = (await (await fetch(`${url}/api/customers`, { headers: { cookie } })).json()) as { email: string }[];
      emails = customers.map((customer) => customer.email);
      if (emails.includes(email)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(emails).toContain(email);
    expect(output).not.toContain('apply thread failed');
  });

  it.runIf(process.platform === 'linux')('runs in one process: nothing left running under it once started', () => {
    const children = readdirSync('/proc').filter((name) => {
      if (!/^\d+$/.test(name)) return false;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === child.pid;
      } catch {
        return false;
      }
    });
    expect(children).toEqual([]);
  });

  it('stops on SIGTERM, with exit code 0', async () => {
    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 20_000))]);
    expect(code).toBe(0);
  });
});
