import type Stripe from 'stripe';
import type { Store } from '../store';
import { randomToken } from '../ids';
import { endpointWants } from './matching';
import { signatureHeader } from './signing';

export interface DeliveryPolicy {
  timeoutMs: number;
  /** First retry delay; each further retry doubles it up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  timeoutMs: 10_000,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxAttempts: 8,
};

interface Job {
  eventId: string;
  endpointId: string;
  attempt: number;
}

interface Lane {
  queue: Job[];
  busy: boolean;
}

/**
 * Delivers each event to each endpoint that wants it, off the request path. Each endpoint has
 * one lane, so first attempts arrive in event order; a failed attempt is retried later without
 * holding up the events behind it, as Stripe does.
 */
export class WebhookDispatcher {
  private readonly lanes = new Map<string, Lane>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly policy: DeliveryPolicy,
    private readonly log: (line: string) => void,
  ) {}

  /** Called for every new event; its pending_webhooks becomes the number of endpoints that will get it. */
  enqueue(event: Stripe.Event): void {
    const targets = this.store.webhookEndpoints.newestFirst((e) => endpointWants(e, event.type)).reverse();
    if (targets.length === 0) return;
    this.store.events.replace({ ...event, pending_webhooks: targets.length });
    for (const endpoint of targets) this.push({ eventId: event.id, endpointId: endpoint.id, attempt: 1 });
  }

  /** True while any delivery is queued, running or waiting to be retried. */
  get busy(): boolean {
    return this.timers.size > 0 || [...this.lanes.values()].some((l) => l.busy || l.queue.length > 0);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const a of this.inFlight) a.abort();
    this.lanes.clear();
  }

  reset(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const a of this.inFlight) a.abort();
    this.lanes.clear();
  }

  private push(job: Job): void {
    if (this.closed) return;
    let lane = this.lanes.get(job.endpointId);
    if (!lane) {
      lane = { queue: [], busy: false };
      this.lanes.set(job.endpointId, lane);
    }
    lane.queue.push(job);
    if (!lane.busy) void this.drain(lane);
  }

  private async drain(lane: Lane): Promise<void> {
    lane.busy = true;
    try {
      for (let job = lane.queue.shift(); job && !this.closed; job = lane.queue.shift()) {
        await this.attempt(job);
      }
    } finally {
      lane.busy = false;
    }
  }

  private async attempt(job: Job): Promise<void> {
    const event = this.store.events.get(job.eventId);
    const endpoint = this.store.webhookEndpoints.get(job.endpointId);
    const secret = this.store.webhookSecrets.get(job.endpointId);
    // An endpoint deleted or disabled since the event happened no longer gets it.
    if (!event || !endpoint || !secret || endpoint.status !== 'enabled') {
      if (event) this.settle(event);
      return;
    }
    const payload = JSON.stringify(event, null, 2);
    const started = Date.now();
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(new Error('timeout')), this.policy.timeoutMs);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        body: payload,
        signal: controller.signal,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': signatureHeader(payload, secret),
          Accept: '*/*; q=0.5, application/xml',
          'Cache-Control': 'no-cache',
        },
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      error = controller.signal.aborted && !this.closed ? `timed out after ${this.policy.timeoutMs} ms` : describe(err);
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
    if (this.closed) return;
    this.store.deliveries.push({
      id: `dlv_${randomToken(16)}`,
      event_id: event.id,
      event_type: event.type,
      endpoint_id: endpoint.id,
      url: endpoint.url,
      attempt: job.attempt,
      status,
      error,
      at: Math.floor(started / 1000),
      duration_ms: Date.now() - started,
    });
    const ok = status !== null && status >= 200 && status < 300;
    this.log(`webhook ${event.type} ${event.id} → ${endpoint.url} attempt ${job.attempt}: ${status ?? error}`);
    if (ok || job.attempt >= this.policy.maxAttempts) {
      this.settle(event);
      return;
    }
    const delay = Math.min(this.policy.baseDelayMs * 2 ** (job.attempt - 1), this.policy.maxDelayMs);
    const retry = setTimeout(() => {
      this.timers.delete(retry);
      this.push({ ...job, attempt: job.attempt + 1 });
    }, delay);
    retry.unref();
    this.timers.add(retry);
  }

  /** One endpoint is done with the event, delivered or given up on. */
  private settle(event: Stripe.Event): void {
    const current = this.store.events.get(event.id);
    if (current && current.pending_webhooks > 0) {
      this.store.events.replace({ ...current, pending_webhooks: current.pending_webhooks - 1 });
    }
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}
