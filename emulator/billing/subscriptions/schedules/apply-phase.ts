import type Stripe from 'stripe';
import type { Runtime } from '../../../runtime';
import type { EventOrigin } from '../../../events/bus';
import type { ItemChange, ProrationBehavior } from '../plan-change';
import type { PhaseLine } from './build';
import { mergeMetadata } from '../../../http/params';
import { newItem } from '../subscription';
import { planFromPrice } from '../plan';
import { saveSubscription } from '../subscription-save';
import { updateSubscription } from '../update-subscription';

function priceId(ref: string | Stripe.Price | Stripe.DeletedPrice): string {
  return typeof ref === 'string' ? ref : ref.id;
}

/** A stored phase's items with their prices; the prices were checked when the phase was written. */
export function linesOf(rt: Runtime, phase: Stripe.SubscriptionSchedule.Phase): PhaseLine[] {
  return phase.items.flatMap((item) => {
    const price = rt.store.prices.get(priceId(item.price));
    return price ? [{ price, quantity: item.quantity ?? 1, metadata: item.metadata ?? {} }] : [];
  });
}

/** Pairs the subscription's items with the phase's lines by price: kept items keep their id. */
function pairItems(
  sub: Stripe.Subscription,
  lines: PhaseLine[],
): { kept: [Stripe.SubscriptionItem, PhaseLine][]; removed: Stripe.SubscriptionItem[]; added: PhaseLine[] } {
  const free = [...lines];
  const kept: [Stripe.SubscriptionItem, PhaseLine][] = [];
  const removed: Stripe.SubscriptionItem[] = [];
  for (const item of sub.items.data) {
    const i = free.findIndex((l) => l.price.id === item.price.id);
    if (i < 0) removed.push(item);
    else kept.push([item, free.splice(i, 1)[0]]);
  }
  return { kept, removed, added: free };
}

/** Whether the subscription already has exactly the phase's prices and quantities. */
export function matchesPhase(sub: Stripe.Subscription, lines: PhaseLine[]): boolean {
  const { kept, removed, added } = pairItems(sub, lines);
  return removed.length === 0 && added.length === 0 && kept.every(([item, line]) => (item.quantity ?? 1) === line.quantity);
}

function sameInterval(a: Stripe.Price, b: Stripe.Price): boolean {
  return a.recurring?.interval === b.recurring?.interval && a.recurring?.interval_count === b.recurring?.interval_count;
}

/**
 * Puts the phase's items on the subscription. At the period boundary with the same interval
 * nothing is left of the old period to prorate, so the items are swapped and the renewal that
 * follows bills the new prices; anywhere else it is a plan change with the given proration
 * behaviour, exactly as subscriptions.update would make it.
 */
export function applyPhaseItems(
  rt: Runtime,
  sub: Stripe.Subscription,
  lines: PhaseLine[],
  opts: { prorationBehavior: ProrationBehavior; metadata: Record<string, string> | null },
  origin: EventOrigin,
): Stripe.Subscription {
  const now = rt.clock.now();
  const metadata = opts.metadata ? mergeMetadata(sub.metadata, opts.metadata) : sub.metadata;
  const period = { start: sub.items.data[0].current_period_start, end: sub.items.data[0].current_period_end };
  const { kept, removed, added } = pairItems(sub, lines);
  if (now === period.end && sameInterval(lines[0].price, sub.items.data[0].price)) {
    const items = [
      ...kept.map(([item, line]) => ({ ...item, quantity: line.quantity, metadata: mergeMetadata(item.metadata, line.metadata) })),
      ...added.map((line) => newItem(rt, sub.id, line, period)),
    ].map((i) => ({ ...i, plan: planFromPrice(i.price) }));
    return saveSubscription(rt, sub, { ...sub, metadata, items: { ...sub.items, data: items } }, origin);
  }
  const changes: ItemChange[] = [
    ...kept.map(([item, line]) => ({ id: item.id, price: line.price, quantity: line.quantity, metadata: mergeMetadata(item.metadata, line.metadata) })),
    ...removed.map((item) => ({ id: item.id, deleted: true })),
    ...added.map((line) => ({ price: line.price, quantity: line.quantity, metadata: line.metadata })),
  ];
  // At the period's end there is no unused time left: a proration would only add zero lines.
  const prorationBehavior = now === period.end ? 'none' : opts.prorationBehavior;
  return updateSubscription(
    rt,
    sub,
    { plan: { items: changes, prorationBehavior, prorationDate: null }, metadata, paymentBehavior: 'allow_incomplete', offSession: true },
    origin,
  );
}
