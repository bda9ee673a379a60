import type Stripe from 'stripe';
import type { EventStore } from './eventStore';

interface Waiting {
  event: Stripe.Event;
  resolve(duplicate: boolean): void;
  reject(error: unknown): void;
}

/**
 * Makes each delivered event durable before its 2xx, with group commit: deliveries that arrive
 * while a write is in flight are stored together in the next transaction, so one commit serves
 * many requests. The inbox is keyed by Stripe's event id: a redelivery is recognised, not stored twice.
 */
export class EventRecorder {
  private waiting: Waiting[] = [];
  private flushing = false;

  constructor(
    private readonly store: Pick<EventStore, 'insertNew'>,
    private readonly onStored: () => void,
  ) {}

  /** Resolves once the event is committed; true when it was already in the inbox. */
  record(event: Stripe.Event): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ event, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  /** Resolves once every delivery handed over so far is committed (or refused). */
  async drained(): Promise<void> {
    while (this.flushing) await this.flushed;
  }

  private flushed: Promise<void> = Promise.resolve();

  private flush(): Promise<void> {
    this.flushed = this.flushLoop();
    return this.flushed;
  }

  private async flushLoop(): Promise<void> {
    this.flushing = true;
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, 500);
      try {
        const duplicates = await this.store.insertNew(batch.map((w) => w.event));
        // Kicked before the 2xx goes out, so an idle() that follows a delivery waits for its apply.
        this.onStored();
        for (const [i, w] of batch.entries()) w.resolve(duplicates[i]!);
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.flushing = false;
  }
}
