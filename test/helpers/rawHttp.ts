import { connect, type Socket } from 'node:net';

/** What came back on a raw connection, and how it ended. */
export interface RawOutcome {
  /** the status of the first response, or null when none came */
  status: number | null;
  /** everything the server sent */
  text: string;
  /** body bytes the client got to send before the answer or the close */
  sent: number;
  /** the server closed (or reset) the connection */
  closed: boolean;
}

export function statusOf(text: string): number | null {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
  return match ? Number(match[1]) : null;
}

/** A connection to 127.0.0.1:port that records what the server sends and whether it closed. */
export function openRaw(port: number): { socket: Socket; received: () => string; ended: Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  // A reset after the answer is one way of closing; the test looks at what arrived.
  socket.on('error', () => undefined);
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, received: () => text, ended };
}

export interface HugeBody {
  path: string;
  bytes: number;
  /** Transfer-Encoding: chunked instead of a Content-Length */
  chunked?: boolean;
  headers?: Record<string, string>;
}

const CHUNK = Buffer.alloc(1 << 20, 'x');

/**
 * Streams `bytes` of body from one reused 1 MiB buffer, honouring backpressure, and stops as soon
 * as the server answers or closes: the client holds 1 MiB whatever the size, so what the test
 * measures is the server's memory.
 */
export async function sendHuge(port: number, body: HugeBody): Promise<RawOutcome> {
  const { socket, received, ended } = openRaw(port);
  let closed = false;
  void ended.then(() => (closed = true));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const headers = { host: `127.0.0.1:${port}`, 'content-type': 'application/json', ...body.headers };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  lines.push(body.chunked ? 'transfer-encoding: chunked' : `content-length: ${body.bytes}`);
  socket.write(`POST ${body.path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
  let sent = 0;
  while (sent < body.bytes && !closed && statusOf(received()) === null) {
    const size = Math.min(CHUNK.length, body.bytes - sent);
    const piece = CHUNK.subarray(0, size);
    const flushed = body.chunked ? socket.write(`${size.toString(16)}\r\n`) && socket.write(piece) && socket.write('\r\n') : socket.write(piece);
    sent += size;
    if (!flushed) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), ended]);
  }
  if (body.chunked && !closed) socket.write('0\r\n\r\n');
  // The answer may still be on its way; the server closes after a refused body.
  await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  socket.destroy();
  return { status: statusOf(received()), text: received(), sent, closed };
}
