import http from 'node:http';
import https from 'node:https';
import { signatureHeader } from './signing';

export interface SendResult {
  status: number | null;
  error: string | null;
  durationMs: number;
}

const HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
  Accept: '*/*; q=0.5, application/xml',
  'Cache-Control': 'no-cache',
};

/**
 * Keep-alive connections for deliveries: a fresh TCP connection per event doubles the cost of
 * each delivery. node:http with a plain timer and one shared abort is used rather than fetch and
 * AbortSignal.any/timeout, whose per-request cost dominated a 90,000-delivery renewal.
 */
export class DeliveryTransport {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly inFlight = new Set<http.ClientRequest>();
  private readonly targets = new Map<string, URL | null>();

  constructor(maxSockets: number) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets });
  }

  /** One signed POST, as Stripe sends it; a timeout counts as a failed attempt, retried like a non-2xx answer. */
  send(url: string, payload: string, secret: string, timeoutMs: number): Promise<SendResult> {
    const started = Date.now();
    const done = (status: number | null, error: string | null): SendResult => ({ status, error, durationMs: Date.now() - started });
    const target = this.target(url);
    if (!target) return Promise.resolve(done(null, `invalid url ${url}`));
    return new Promise((resolve) => {
      const secure = target.protocol === 'https:';
      const body = Buffer.from(payload, 'utf8');
      const req = (secure ? https : http).request(target, {
        method: 'POST',
        agent: secure ? this.httpsAgent : this.httpAgent,
        headers: { ...HEADERS, 'Content-Length': body.length, 'Stripe-Signature': signatureHeader(payload, secret) },
      });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        req.destroy();
      }, timeoutMs);
      const finish = (result: SendResult): void => {
        clearTimeout(timer);
        this.inFlight.delete(req);
        resolve(result);
      };
      this.inFlight.add(req);
      req.on('response', (res) => {
        // The body is read (and dropped) so the connection can be reused, but only until the timeout.
        res.resume();
        res.on('end', () => finish(done(res.statusCode ?? null, null)));
        // A body cut off by the timeout or a reset still carries the status the endpoint gave.
        res.on('close', () => finish(done(res.statusCode ?? null, null)));
      });
      req.on('error', (err) => finish(done(null, timedOut ? `timed out after ${timeoutMs} ms` : describe(err))));
      req.end(body);
    });
  }

  /** Reset and close: requests in flight end now (as failed attempts nobody will record). */
  abortAll(): void {
    for (const req of this.inFlight) req.destroy();
    this.inFlight.clear();
  }

  close(): void {
    this.abortAll();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /** Parsed once per endpoint URL rather than once per delivery. */
  private target(url: string): URL | null {
    let parsed = this.targets.get(url);
    if (parsed === undefined) {
      parsed = URL.canParse(url) ? new URL(url) : null;
      if (this.targets.size > 10_000) this.targets.clear();
      this.targets.set(url, parsed);
    }
    return parsed;
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}
