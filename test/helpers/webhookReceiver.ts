import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  timestamp: string;
  /** the body as `Webhook.verify` returned it, null when verification failed */
  body: { type: string; timestamp: string; data: Record<string, unknown> } | null;
  verifyError: string | null;
  /** the status the receiver answered */
  answered: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** the secret deliveries are verified with (the endpoint's, once created) */
  secret: string | null;
  /** the status to answer the n-th request (0-based) with; 200 by default */
  answer: (n: number) => number;
  close(): Promise<void>;
}

/**
 * An app's webhook endpoint: a real HTTP server on 127.0.0.1 that checks every delivery with
 * standardwebhooks' own `Webhook.verify`, as the README tells apps to.
 */
export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: '', received: [], secret: null, answer: () => 200, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const payload = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      let body: Received['body'] = null;
      let verifyError: string | null = null;
      try {
        if (!receiver.secret) throw new Error('no secret yet');
        body = new Webhook(receiver.secret).verify(payload, headers) as Received['body'];
      } catch (error) {
        verifyError = error instanceof Error ? error.message : String(error);
      }
      const answered = receiver.answer(receiver.received.length);
      receiver.received.push({ id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], body, verifyError, answered });
      res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? 'ok' : `nope ${'x'.repeat(2_000)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}
