import type Stripe from 'stripe';
import type { Store } from '../store';
import type { FaultState } from '../faults/state';
import type { Job, Lane } from './lane';
import { deliveryRecord } from './delivery-log';
import { endpointWants } from './matching';
import { DeliveryTransport } from './send';
import { laneBusy, newLane } from './lane';
import { IdleWaiters } from './idle';
import { sleep } from './sleep';
import type { DeliveryPolicy } from './policy';

export type { DeliveryPolicy } from './policy';
export { DEFAULT_DELIVERY_POLICY } from './policy';

/**
 * Delivers each event to each endpoint that wants it, off the request path. Each endpoint has
 * one lane whose jobs start in event order (unless shuffle faults reorder a window), with up to
 * `policy.concurrency` in flight; a failed attempt is retried later without holding up the
 * events behind it, as Stripe does.
 */
export class WebhookDispatcher {
  private readonly lanes = new Map<string, Lane>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly idle = new IdleWaiters();
  /** Ends delay waits of the current generation on reset/close (the transport aborts requests). */
  private cancel = new AbortController();
  /** Bumped by reset, so work started before it cannot write into the fresh state. */
  private generation = 0;
  private closed = false;
  private readonly transport: DeliveryTransport;

  constructor(
    private readonly store: Store,
    private readonly policy: DeliveryPolicy,
    private readonly log: (line: string) => void,
    private readonly faults: FaultState,
    /** Told whenever the delivery log or an event's pending_webhooks changes (persistence listens). */
    private readonly changed: () => void = () => {},
    /** The event as this endpoint gets it: Stripe renders each delivery in the endpoint's API version. */
    private readonly render: (event: Stripe.Event, endpoint: Stripe.WebhookEndpoint) => object = (event) => event,
  ) {
    this.transport = new DeliveryTransport(policy.concurrency);
  }

  /** Called for every new event; its pending_webhooks becomes the number of endpoints that will get it. */
  enqueue(event: Stripe.Event): void {
    const targets = this.targets(event);
    if (targets.length === 0) return;
    this.store.events.replace({ ...event, pending_webhooks: targets.length });
    for (const endpoint of targets) {
      const fate = this.faults.deliveryFate();
      if (fate.drop) {
        this.record(event, endpoint, { attempt: 1, duplicate: false, resend: false }, { dropped: true });
        this.settle(event.id);
        continue;
      }
      const job: Job = { eventId: event.id, endpointId: endpoint.id, attempt: 1, duplicate: false, resend: false };
      this.admit(job);
      if (fate.duplicate) this.admit({ ...job, duplicate: true });
    }
    this.idle.check(() => !this.busy);
  }

  /**
   * Sends a stored event again to every endpoint that wants it now. Operator-initiated, so it
   * bypasses drop, duplicate and shuffle faults (delay still applies); counted in pending_webhooks.
   */
  resend(event: Stripe.Event): string[] {
    const targets = this.targets(event);
    if (targets.length === 0) return [];
    this.store.events.replace({ ...event, pending_webhooks: event.pending_webhooks + targets.length });
    for (const endpoint of targets) {
      this.push({ eventId: event.id, endpointId: endpoint.id, attempt: 1, duplicate: false, resend: true });
    }
    return targets.map((e) => e.id);
  }

  /** True while any delivery is held, queued, running or waiting to be retried. */
  get busy(): boolean {
    if (this.retryTimers.size > 0) return true;
    for (const lane of this.lanes.values()) if (laneBusy(lane)) return true;
    return false;
  }

  /** Resolves once nothing is pending; retries still waiting on their backoff count as pending. */
  whenIdle(): Promise<void> {
    return this.idle.wait(() => !this.busy);
  }

  /** Releases every partly filled shuffle window now instead of after its hold time. */
  releaseHeld(): void {
    for (const lane of this.lanes.values()) this.release(lane);
  }

  close(): void {
    this.closed = true;
    this.reset();
    this.transport.close();
  }

  reset(): void {
    this.generation++;
    this.cancel.abort();
    this.cancel = new AbortController();
    this.transport.abortAll();
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
    for (const lane of this.lanes.values()) {
      if (lane.holdTimer) clearTimeout(lane.holdTimer);
      lane.queue.clear();
      lane.held.length = 0;
    }
    this.lanes.clear();
    this.idle.check(() => true);
  }

  private targets(event: Stripe.Event): Stripe.WebhookEndpoint[] {
    return this.store.webhookEndpoints.newestFirst((e) => endpointWants(e, event.type)).reverse();
  }

  private lane(endpointId: string): Lane {
    let lane = this.lanes.get(endpointId);
    if (!lane) {
      lane = newLane();
      this.lanes.set(endpointId, lane);
    }
    return lane;
  }

  /** First attempts pass through the shuffle window; with a window of 1 they go straight to the queue. */
  private admit(job: Job): void {
    if (this.closed) return;
    const { shuffleWindow, shuffleHoldMs } = this.faults.deliveries;
    const lane = this.lane(job.endpointId);
    if (shuffleWindow <= 1 && lane.held.length === 0) {
      this.push(job);
      return;
    }
    lane.held.push(job);
    if (lane.held.length >= shuffleWindow) {
      this.release(lane);
    } else if (!lane.holdTimer) {
      lane.holdTimer = setTimeout(() => this.release(lane), shuffleHoldMs);
      lane.holdTimer.unref();
    }
  }

  private release(lane: Lane): void {
    if (lane.holdTimer) clearTimeout(lane.holdTimer);
    lane.holdTimer = null;
    if (lane.held.length === 0) return;
    lane.queue.push(...this.faults.shuffle(lane.held.splice(0)));
    this.pump(lane);
  }

  private push(job: Job): void {
    if (this.closed) return;
    const lane = this.lane(job.endpointId);
    lane.queue.push(job);
    this.pump(lane);
  }

  /** Starts queued jobs until the lane has `concurrency` in flight; each finished one starts the next. */
  private pump(lane: Lane): void {
    const generation = this.generation;
    while (lane.inFlight < Math.max(1, this.policy.concurrency) && generation === this.generation) {
      const job = lane.queue.shift();
      if (!job) break;
      lane.inFlight++;
      this.attempt(job, generation)
        .catch((err: unknown) => this.log(`webhook delivery ${job.eventId} failed internally: ${String(err)}`))
        .finally(() => {
          lane.inFlight--;
          if (generation === this.generation) this.pump(lane);
          this.idle.check(() => !this.busy);
        });
    }
  }

  private async attempt(job: Job, generation: number): Promise<void> {
    const delayMs = this.faults.deliveries.delayMs;
    const cancel = this.cancel.signal;
    if (delayMs > 0) await sleep(delayMs, cancel);
    if (generation !== this.generation) return;
    const event = this.store.events.get(job.eventId);
    const endpoint = this.store.webhookEndpoints.get(job.endpointId);
    const secret = this.store.webhookSecrets.get(job.endpointId);
    // An endpoint deleted or disabled since the event happened no longer gets it.
    if (!event || !endpoint || !secret || endpoint.status !== 'enabled') {
      if (event && !job.duplicate) this.settle(event.id);
      return;
    }
    const payload = JSON.stringify(this.render(event, endpoint), null, 2);
    const result = await this.transport.send(endpoint.url, payload, secret, this.policy.timeoutMs);
    if (generation !== this.generation) return;
    this.record(event, endpoint, job, {
      status: result.status,
      error: result.error,
      duration_ms: result.durationMs,
      at: Math.floor((Date.now() - result.durationMs) / 1000),
      delay_ms: delayMs,
    });
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    this.log(`webhook ${event.type} ${event.id} → ${endpoint.url} attempt ${job.attempt}: ${result.status ?? result.error}`);
    if (job.duplicate) return;
    if (ok || job.attempt >= this.policy.maxAttempts) {
      this.settle(event.id);
      return;
    }
    this.scheduleRetry({ ...job, attempt: job.attempt + 1 });
  }

  private scheduleRetry(job: Job): void {
    const delay = Math.min(this.policy.baseDelayMs * 2 ** (job.attempt - 2), this.policy.maxDelayMs);
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.push(job);
    }, delay);
    timer.unref();
    this.retryTimers.add(timer);
  }

  private record(...args: Parameters<typeof deliveryRecord>): void {
    this.store.deliveries.push(deliveryRecord(...args));
    this.changed();
  }

  /** One endpoint is done with the event, delivered, dropped or given up on. */
  private settle(eventId: string): void {
    const current = this.store.events.get(eventId);
    if (current && current.pending_webhooks > 0) {
      this.store.events.replace({ ...current, pending_webhooks: current.pending_webhooks - 1 });
      this.changed();
    }
  }
}
