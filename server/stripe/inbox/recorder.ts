import type Stripe from 'stripe';
import { Op, type CreationAttributes } from 'sequelize';
import { StripeEvent } from '../../db/models';
import type { Database } from '../../db/sequelize';

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
    private readonly db: Database,
    private readonly onStored: () => void,
  ) {}

  /** Resolves once the event is committed; true when it was already in the inbox. */
  record(event: Stripe.Event): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ event, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, 500);
      try {
        const duplicates = await this.store(batch.map((w) => w.event));
        batch.forEach((w, i) => w.resolve(duplicates[i]!));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.flushing = false;
    this.onStored();
  }

  /** Stores the new events of a batch; for each, whether it was a duplicate (already stored, or repeated in the batch). */
  private store(events: Stripe.Event[]): Promise<boolean[]> {
    return this.db.write(async (transaction) => {
      const known = await StripeEvent.findAll({ where: { id: { [Op.in]: events.map((e) => e.id) } }, attributes: ['id'], transaction });
      const seen = new Set(known.map((row) => row.id));
      const rows: CreationAttributes<StripeEvent>[] = [];
      const now = new Date();
      const duplicate = events.map((event) => {
        if (seen.has(event.id)) return true;
        seen.add(event.id);
        const object = event.data.object as { object?: string; id?: string };
        rows.push({
          id: event.id, type: event.type, objectType: object.object ?? null, objectId: object.id ?? null, status: 'pending',
          error: null, payload: JSON.stringify(event), stripeCreated: event.created, receivedAt: now, processedAt: null,
        });
        return false;
      });
      // ignoreDuplicates: another instance on the same database may have stored it a moment ago.
      if (rows.length) await StripeEvent.bulkCreate(rows, { transaction, ignoreDuplicates: true });
      return duplicate;
    });
  }
}
