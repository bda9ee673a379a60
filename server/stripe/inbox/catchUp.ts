import type Stripe from 'stripe';
import { Setting, StripeEvent } from '../../db/models';
import type { Database } from '../../db/sequelize';
import type { Inbox } from '.';
import { STRIPE_RATE_LIMITS } from '../../config';
import { StripePace } from '../pace/pace';
import { pagesOf } from '../pace/pages';
import { eventProblem } from '../eventShape';

/** Same-second events may be listed after a pass that already saw their second: read it again. */
const OVERLAP_SECONDS = 60;
/** Stripe keeps events for 30 days; nothing older can be caught up. */
const STRIPE_RETENTION_SECONDS = 30 * 86_400;
/** The newest `created` the last complete pass listed: everything before it is known to be stored. */
const WATERMARK_KEY = 'event_catch_up_watermark';

/**
 * Deliveries that never arrived (an outage, a dropped request) are read back from GET /v1/events.
 * A pass lists every event from the previous complete pass's newest one on, so a delivery
 * dropped long before the newest stored event is still found (starting from the newest stored
 * event would skip it). Events already stored are recognised by id. Its requests keep to the
 * process's pace and back off on 429 (a page is asked for again from the same cursor). Returns how
 * many new events were recorded.
 */
export async function catchUpEvents(stripe: Stripe, inbox: Inbox, db: Database, pace = new StripePace(STRIPE_RATE_LIMITS.test)): Promise<number> {
  const now = Math.floor(Date.now() / 1000);
  const from = await passStart();
  // With nothing stored yet there is nothing missed: history is imported by a reconciliation (sync).
  if (from === null) return 0;
  const since = Math.max(from - OVERLAP_SECONDS, now - STRIPE_RETENTION_SECONDS);
  const found: Stripe.Event[] = [];
  const meter = pace.meter();
  for await (const page of pagesOf(meter, 'events.list', (after) => stripe.events.list({ created: { gte: since }, limit: 100, starting_after: after })))
    found.push(...page);
  let recorded = 0;
  // Oldest first, so the inbox applies them in the order they happened. An impossible event is
  // skipped, as webhook ingest refuses it (eventShape.ts).
  for (const event of found.reverse()) if (!eventProblem(event, now) && !(await inbox.record(event))) recorded++;
  // Never past now: a test clock dates its events ahead, and a watermark there would skip the
  // events of every other object until the wall clock caught up.
  const newest = Math.min(
    found.reduce((max, e) => Math.max(max, e.created), from),
    now,
  );
  await db.write((transaction) => Setting.upsert({ key: WATERMARK_KEY, value: JSON.stringify(newest) }, { transaction }));
  return recorded;
}

/** Where a pass starts: the last pass's watermark, else the oldest event stored (an upgrade, a first pass). */
async function passStart(): Promise<number | null> {
  const stored = await Setting.findByPk(WATERMARK_KEY);
  if (stored) return Number(JSON.parse(stored.value));
  const oldest = await StripeEvent.min<number, StripeEvent>('stripeCreated');
  return oldest ? Number(oldest) : null;
}

/** Runs catch-up now and then every intervalMs; returns a stop function. */
export function scheduleCatchUp(
  stripe: Stripe,
  inbox: Inbox,
  db: Database,
  pace: StripePace,
  intervalMs: number,
  onError: (error: unknown) => void,
): () => void {
  const run = () => catchUpEvents(stripe, inbox, db, pace).catch(onError);
  void run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
