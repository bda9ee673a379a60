import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { Params } from '../http/params';
import type { EndBehavior, PhaseInput, PhaseLine } from '../billing/subscriptions/schedules/build';
import { invalidParam, missingParam } from '../http/errors';
import { addInterval, isInterval } from '../billing/subscriptions/periods';
import { checkSameCycle, recurringPrice, PRORATION_BEHAVIORS } from './subscription-params';

/** A phase as sent: its dates are resolved against its neighbours once all are read. */
export interface PhaseDraft {
  index: number;
  start: number | 'now' | undefined;
  end: number | 'now' | undefined;
  duration: { interval: 'day' | 'week' | 'month' | 'year'; count: number } | undefined;
  lines: PhaseLine[];
  prorationBehavior: Stripe.SubscriptionSchedule.Phase.ProrationBehavior;
  metadata: Record<string, string>;
}

export function readEndBehavior(p: Params): EndBehavior | undefined {
  // The SDK's type also lists the legacy `none` and `renew`; the API reference documents only these two.
  return p.oneOf('end_behavior', ['release', 'cancel']);
}

/** A timestamp or the word `now`. */
export function readMoment(p: Params, key: string): number | 'now' | undefined {
  if (p.raw[key] === 'now') {
    p.string(key);
    return 'now';
  }
  return p.integer(key, { min: 0 });
}

function readLines(rt: Runtime, phase: Params, i: number): PhaseLine[] {
  const items = phase.objectArray('items');
  if (!items || items.length === 0) throw missingParam(`phases[${i}][items]`);
  const lines = items.map((item, n) => {
    const param = `phases[${i}][items][${n}]`;
    const priceId = item.string('price');
    const planId = item.string('plan');
    // "You may specify the same ID in `plan` and `price`" (API reference, phases.items.plan).
    if (priceId !== undefined && planId !== undefined && priceId !== planId) {
      throw invalidParam(`${param}[plan]`, 'You may only specify one of these parameters: plan, price.');
    }
    const id = priceId ?? planId;
    if (id === undefined) throw missingParam(`${param}[price]`);
    const price = recurringPrice(rt, id, priceId !== undefined ? `${param}[price]` : `${param}[plan]`);
    return { price, quantity: item.integer('quantity', { min: 0 }) ?? 1, metadata: item.metadata() ?? {} };
  });
  checkSameCycle(lines);
  return lines;
}

/** `phases[]` of create (no `start_date`: the schedule's own starts the first) or of update. */
export function readPhases(rt: Runtime, p: Params, mode: 'create' | 'update'): PhaseDraft[] | undefined {
  const list = p.objectArray('phases');
  if (!list) return undefined;
  if (list.length === 0) throw missingParam('phases');
  return list.map((phase, index) => {
    const start = mode === 'update' ? readMoment(phase, 'start_date') : undefined;
    const end = mode === 'update' ? readMoment(phase, 'end_date') : phase.integer('end_date', { min: 0 });
    const d = phase.object('duration');
    if (d && end !== undefined) throw invalidParam(`phases[${index}][duration]`, 'You may only specify one of these parameters: duration, end_date.');
    let duration: PhaseDraft['duration'];
    if (d) {
      const interval = d.oneOf('interval', ['day', 'week', 'month', 'year']);
      if (!interval) throw missingParam(`phases[${index}][duration][interval]`);
      duration = { interval, count: d.integer('interval_count', { min: 1 }) ?? 1 };
    }
    return {
      index,
      start,
      end,
      duration,
      lines: readLines(rt, phase, index),
      prorationBehavior: phase.oneOf('proration_behavior', PRORATION_BEHAVIORS) ?? 'create_prorations',
      metadata: phase.metadata() ?? {},
    };
  });
}

/**
 * Absolute dates for each phase: the first starts at `firstStart`, each next one where the one
 * before ends ("the `end_date` of one phase will always equal the `start_date` of the next
 * phase", API reference); a phase without `end_date` or `duration` lasts one interval of its price.
 */
export function resolvePhases(drafts: PhaseDraft[], firstStart: number, now: number): PhaseInput[] {
  const out: PhaseInput[] = [];
  let start = firstStart;
  for (const d of drafts) {
    if (d.index > 0 && d.start !== undefined && (d.start === 'now' ? now : d.start) !== start) {
      throw invalidParam(
        `phases[${d.index}][start_date]`,
        `The start_date of phase ${d.index} must be the end_date of phase ${d.index - 1}: phases must be contiguous.`,
      );
    }
    const r = d.lines[0].price.recurring;
    const unit = d.duration ?? (r && isInterval(r.interval) ? { interval: r.interval, count: r.interval_count } : undefined);
    let end: number;
    if (d.end !== undefined) end = d.end === 'now' ? now : d.end;
    else if (unit) end = addInterval(start, unit.interval, unit.count);
    else throw missingParam(`phases[${d.index}][end_date]`);
    if (end <= start) throw invalidParam(`phases[${d.index}][end_date]`, `The end_date of phase ${d.index} must be after its start_date.`);
    out.push({ start, end, lines: d.lines, prorationBehavior: d.prorationBehavior, metadata: d.metadata });
    start = end;
  }
  return out;
}

/** A subscription keeps one currency (support.stripe.com, "set or change currency"): so do all of a schedule's phases. */
export function checkPhaseCurrency(phases: PhaseInput[], currency: string): void {
  for (const [i, phase] of phases.entries()) {
    for (const [n, line] of phase.lines.entries()) {
      if (line.price.currency !== currency) {
        throw invalidParam(
          `phases[${i}][items][${n}][price]`,
          'Currency and interval fields must match across all plans on this subscription. Found mismatch in currency field.',
        );
      }
    }
  }
}
