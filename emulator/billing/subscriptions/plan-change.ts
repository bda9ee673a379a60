import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { Proration } from './proration';
import { prorate } from './proration';
import { newItem, periodEnd } from './subscription';
import { planFromPrice } from './plan';

export type ProrationBehavior = 'create_prorations' | 'always_invoice' | 'none';

export interface ItemChange {
  id?: string;
  price?: Stripe.Price;
  quantity?: number;
  deleted?: boolean;
  metadata?: Record<string, string> | null;
}

export interface PlanChange {
  items: ItemChange[];
  prorationBehavior: ProrationBehavior;
  /** The second the change takes effect for proration; defaults to now. */
  prorationDate: number | null;
  /** 'now' restarts the billing cycle. */
  billingCycleAnchor?: 'now' | 'unchanged';
}

export interface PlannedChange {
  next: Stripe.Subscription;
  prorations: Proration[];
  /** The billing cycle restarts (anchor now or a new interval): the new period is invoiced at once. */
  resetCycle: boolean;
}

function sameInterval(a: Stripe.Price, b: Stripe.Price): boolean {
  return a.recurring?.interval === b.recurring?.interval && a.recurring?.interval_count === b.recurring?.interval_count;
}

/**
 * What an item change does to a subscription, computed without touching the store, so that
 * createPreview and the update itself produce exactly the same prorations.
 */
export function planChange(rt: Runtime, sub: Stripe.Subscription, change: PlanChange): PlannedChange {
  const now = rt.clock.now();
  const at = change.prorationDate ?? now;
  const period = { start: sub.items.data[0].current_period_start, end: sub.items.data[0].current_period_end };
  const byId = new Map(sub.items.data.map((i) => [i.id, i]));
  const touched = new Map<string, ItemChange>();
  const added: ItemChange[] = [];
  for (const ch of change.items) {
    if (ch.id && byId.has(ch.id)) touched.set(ch.id, ch);
    else added.push(ch);
  }
  const kept: Stripe.SubscriptionItem[] = [];
  const before: Stripe.SubscriptionItem[] = [];
  for (const item of sub.items.data) {
    const ch = touched.get(item.id);
    if (ch?.deleted) {
      before.push(item);
      continue;
    }
    const price = ch?.price ?? item.price;
    const quantity = ch?.quantity ?? item.quantity ?? 1;
    const changed = price.id !== item.price.id || quantity !== item.quantity;
    if (changed) before.push(item);
    kept.push({
      ...item,
      price,
      plan: planFromPrice(price),
      quantity,
      metadata: ch?.metadata === undefined ? item.metadata : (ch.metadata ?? {}),
    });
  }
  const fresh = added.flatMap((ch) =>
    ch.price ? [newItem(rt, sub.id, { price: ch.price, quantity: ch.quantity ?? 1, metadata: ch.metadata ?? {} }, period)] : [],
  );
  const items = [...kept, ...fresh];
  const first = items[0]?.price ?? sub.items.data[0].price;
  const resetCycle = sub.status !== 'trialing' && (change.billingCycleAnchor === 'now' || !sameInterval(first, sub.items.data[0].price));
  const newPeriod = resetCycle ? { start: now, end: periodEnd(now, first) } : period;
  const nextItems = items.map((i) => ({ ...i, current_period_start: newPeriod.start, current_period_end: newPeriod.end }));
  const next: Stripe.Subscription = {
    ...sub,
    items: { ...sub.items, data: nextItems },
    billing_cycle_anchor: resetCycle ? now : sub.billing_cycle_anchor,
    cancel_at: sub.cancel_at_period_end ? newPeriod.end : sub.cancel_at,
  };

  // No prorations during a trial, or when asked for none.
  const prorations: Proration[] = [];
  if (sub.status === 'trialing' || change.prorationBehavior === 'none') return { next, prorations, resetCycle };
  const changedIds = new Set(before.map((i) => i.id));
  const credited = resetCycle ? sub.items.data : before;
  for (const item of credited) prorations.push(prorate(rt, sub, { id: item.id, price: item.price, quantity: item.quantity ?? 1 }, at, 'unused'));
  if (!resetCycle) {
    for (const item of nextItems) {
      if (changedIds.has(item.id) || fresh.some((f) => f.id === item.id)) {
        prorations.push(prorate(rt, sub, { id: item.id, price: item.price, quantity: item.quantity ?? 1 }, at, 'remaining'));
      }
    }
  }
  return { next, prorations, resetCycle };
}
