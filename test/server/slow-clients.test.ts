import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { openRaw, statusOf } from '../helpers/rawHttp';
import { startTestRecur, type TestRecur } from '../helpers/recur';

/**
 * Issue 13: a body sent one byte every 5 s held a connection for 330 s, and connections were not
 * capped. The server's limits come from the configuration; small ones here keep the test quick, and
 * what is checked is how the server ends the connection, never how long it took.
 */
const MAX_CONNECTIONS = 6;
let recur: TestRecur;
let port: number;
/** What Recur logged at warn and above: a client that went away is not a server error. */
const logged: string[] = [];
beforeAll(async () => {
  recur = await startTestRecur({
    seed: false,
    log: createLogger('warn', { write: (line: string) => void logged.push(line) }),
    env: { REQUEST_TIMEOUT_MS: '2000', HEADERS_TIMEOUT_MS: '1500', KEEP_ALIVE_TIMEOUT_MS: '1000', MAX_CONNECTIONS: String(MAX_CONNECTIONS) },
  });
  port = Number(new URL(await recur.listen()).port);
});
afterAll(() => recur.close());

/** Writes `piece()` every 100 ms until the server closes the connection; what it sent back, and how much was written. */
async function drip(head: string, piece: () => string): Promise<{ status: number | null; text: string; writes: number }> {
  const { socket, received, ended } = openRaw(port);
  socket.write(head);
  let writes = 0;
  const timer = setInterval(() => {
    if (socket.writable) {
      socket.write(piece());
      writes++;
    }
  }, 100);
  await ended;
  clearInterval(timer);
  return { status: statusOf(received()), text: received(), writes };
}

describe('clients that send slowly are cut off with 408', () => {
  it('a body dripped a byte at a time, with a Content-Length (login and webhooks: no session needed)', async () => {
    const paths = ['/api/auth/login', '/webhooks/stripe'];
    const cuts = await Promise.all(
      paths.map((path) => drip(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n`, () => ' ')),
    );
    for (const cut of cuts) {
      expect(cut.status).toBe(408);
      expect(cut.text).toContain('Connection: close');
      expect(cut.writes).toBeLessThan(5000);
    }
    expect(logged).toEqual([]);
  });

  it('a chunked body dripped a chunk at a time', async () => {
    const cut = await drip(
      'POST /signup HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n',
      () => '1\r\na\r\n',
    );
    expect(cut.status).toBe(408);
  });

  it('headers dripped a line at a time, and a connection that sends nothing', async () => {
    const [headers, silent] = await Promise.all([drip('GET /healthz HTTP/1.1\r\n', () => 'X-Slow: 1\r\n'), drip('', () => '')]);
    expect(headers.status).toBe(408);
    expect(silent.status).toBe(408);
  });
});

describe('connections', () => {
  it('an idle keep-alive connection is closed by the server', async () => {
    const { socket, received, ended } = openRaw(port);
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await ended;
    expect(statusOf(received())).toBe(200);
    expect(received()).toContain('Keep-Alive: timeout=1');
  });

  it(`past ${MAX_CONNECTIONS} open connections a new one is closed unanswered, and served again once some close`, async () => {
    const held = Array.from({ length: MAX_CONNECTIONS }, () => openRaw(port));
    await Promise.all(held.map(({ socket }) => new Promise((resolve) => socket.once('connect', resolve))));
    // Accepted in the order they connected: this one is over the cap.
    const over = openRaw(port);
    over.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await over.ended;
    expect(over.received()).toBe('');
    for (const { socket } of held) socket.destroy();
    await Promise.all(held.map(({ ended }) => ended));
    const res = await fetch(`${recur.baseUrl}/healthz`);
    expect(res.status).toBe(200);
  });
});

describe('configuration', () => {
  it('has deployment defaults and refuses a header timeout longer than the request timeout', () => {
    const config = loadConfig({});
    expect([config.REQUEST_TIMEOUT_MS, config.HEADERS_TIMEOUT_MS, config.KEEP_ALIVE_TIMEOUT_MS, config.MAX_CONNECTIONS]).toEqual([30_000, 20_000, 5_000, 512]);
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '2000' })).toThrow(
      'HEADERS_TIMEOUT_MS must not be more than REQUEST_TIMEOUT_MS (1000)',
    );
    expect(() => loadConfig({ MAX_CONNECTIONS: '0' })).toThrow('MAX_CONNECTIONS must be at least 1');
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: 'soon' })).toThrow('REQUEST_TIMEOUT_MS must be a number');
  });
});
