import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports';
import { runRecurToExit } from '../helpers/process';

/** Issue 13: with its port taken, `npm start` died with a raw stack trace. Now: one line, exit code 1. */
let holder: Server;
let held: number;
beforeAll(async () => {
  holder = createServer();
  // On every interface, as Recur listens: nothing else may take the port while the test holds it.
  await new Promise<void>((resolve) => holder.listen(0, '0.0.0.0', resolve));
  const address = holder.address();
  held = typeof address === 'object' && address ? address.port : 0;
});
afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

const dataDir = () => mkdtempSync(join(tmpdir(), 'recur-port-'));

describe('a port already in use', () => {
  it('PORT: one line naming the port and PORT, exit code 1', async () => {
    const run = await runRecurToExit({
      PORT: String(held),
      EMULATOR_PORT: String(await freePort()),
      DATABASE_URL: `sqlite:${join(dataDir(), 'recur.sqlite')}`,
      ADMIN_PASSWORD: 'correct horse battery staple',
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`Port ${held} is already in use (PORT): stop what is using it, or set PORT to a free port.`);
    expect(run.stdout).not.toContain('Recur is running');
  });

  it('EMULATOR_PORT: the same for the embedded emulator', async () => {
    const run = await runRecurToExit({
      PORT: String(await freePort()),
      EMULATOR_PORT: String(held),
      DATABASE_URL: `sqlite:${join(dataDir(), 'recur.sqlite')}`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`Port ${held} is already in use (EMULATOR_PORT): stop what is using it, or set EMULATOR_PORT to a free port.`);
  });
});
