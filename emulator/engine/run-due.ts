import type { Runtime } from '../runtime';
import { MinHeap } from './heap';
import { clockIdOf, scheduleStartDue, subscriptionDue } from './due';
import { processSchedule, processSubscription, retryInvoice } from './process';

interface Due {
  at: number;
  kind: 'subscription' | 'retry' | 'schedule';
  id: string;
}

/** Guards against a bug looping forever at one instant; real work always moves time forward. */
const MAX_STEPS_AT_ONE_INSTANT = 8;

/**
 * Performs, in time order, everything due up to `until` for the objects on one clock
 * (`null` = the wall clock). On a test clock each step runs at the moment it was due, so
 * objects and events carry that time; one heap makes it O(n log n) for n due objects.
 */
export function runDue(rt: Runtime, clockId: string | null, until: number): number {
  const heap = new MinHeap<Due>();
  const pushSub = (id: string, after: number | null): void => {
    const sub = rt.store.subscriptions.get(id);
    const at = sub ? subscriptionDue(rt, sub) : null;
    if (at !== null && at <= until && (after === null || at >= after)) heap.push({ at, kind: 'subscription', id });
  };
  const pushRetry = (id: string, after: number | null): void => {
    const inv = rt.store.invoices.get(id);
    const at = inv?.status === 'open' ? inv.next_payment_attempt : null;
    if (at !== null && at !== undefined && at <= until && (after === null || at >= after)) heap.push({ at, kind: 'retry', id });
  };
  for (const sub of rt.store.subscriptions.newestFirst((s) => clockIdOf(s) === clockId)) pushSub(sub.id, null);
  for (const schedule of rt.store.subscriptionSchedules.newestFirst((s) => s.status === 'not_started' && clockIdOf(s) === clockId)) {
    const at = scheduleStartDue(schedule);
    if (at !== null && at <= until) heap.push({ at, kind: 'schedule', id: schedule.id });
  }
  for (const id of rt.store.billing.dunning.keys()) {
    const inv = rt.store.invoices.get(id);
    if (inv && clockIdOf(inv) === clockId) pushRetry(id, null);
  }
  let steps = 0;
  const sameInstant = new Map<string, number>();
  for (let item = heap.pop(); item; item = heap.pop()) {
    const key = `${item.kind}:${item.id}:${item.at}`;
    const seen = (sameInstant.get(key) ?? 0) + 1;
    if (seen > MAX_STEPS_AT_ONE_INSTANT) continue;
    sameInstant.set(key, seen);
    const current = item;
    rt.time.at(clockId === null ? null : current.at, () => {
      if (current.kind === 'subscription') processSubscription(rt, current.id);
      else if (current.kind === 'schedule') processSchedule(rt, current.id);
      else retryInvoice(rt, current.id);
    });
    steps++;
    if (current.kind === 'schedule') {
      // The subscription it has just created has its own due work from here on.
      const started = rt.store.subscriptionSchedules.get(current.id)?.subscription;
      if (typeof started === 'string') pushSub(started, current.at);
    } else if (current.kind === 'subscription') {
      pushSub(current.id, current.at);
      const sub = rt.store.subscriptions.get(current.id);
      const latest = typeof sub?.latest_invoice === 'string' ? sub.latest_invoice : null;
      if (latest && rt.store.billing.dunning.has(latest)) pushRetry(latest, current.at + 1);
    } else {
      pushRetry(current.id, current.at + 1);
      const inv = rt.store.invoices.get(current.id);
      const subId = inv?.parent?.subscription_details?.subscription;
      if (typeof subId === 'string') pushSub(subId, current.at);
    }
  }
  return steps;
}
