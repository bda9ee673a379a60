import type Stripe from 'stripe';
import type { Runtime } from '../../../runtime';
import type { EventOrigin } from '../../../events/bus';
import type { ProrationBehavior } from '../plan-change';
import type { EndBehavior, PhaseInput } from './build';
import { badRequest, invalidParam } from '../../../http/errors';
import { buildPhase, currentPhaseOf, phaseAt } from './build';
import { applyPhaseItems, linesOf, matchesPhase } from './apply-phase';
import { saveSchedule, subscriptionOf, syncCancellation } from './lifecycle';
import { startDueSchedule } from './start';

export interface ScheduleUpdate {
  phases?: PhaseInput[];
  endBehavior?: EndBehavior;
  metadata?: Record<string, string>;
  /** How to prorate a change to the current phase's items (request-level `proration_behavior`). */
  prorationBehavior: ProrationBehavior;
}

function sameItems(a: Stripe.SubscriptionSchedule.Phase, b: Stripe.SubscriptionSchedule.Phase): boolean {
  const key = (p: Stripe.SubscriptionSchedule.Phase) => JSON.stringify(p.items.map((i) => [i.price, i.quantity ?? 1]));
  return key(a) === key(b);
}

/**
 * The phases an active schedule ends up with. "Past phases can be omitted" (API reference, Update a
 * schedule): the ones that ended stay as they were, and a sent phase that has ended must be one of
 * them unchanged. The phase running now keeps its start date; only it and later ones may change.
 */
export function mergeActivePhases(
  existing: Stripe.SubscriptionSchedule,
  sent: Stripe.SubscriptionSchedule.Phase[],
  now: number,
): Stripe.SubscriptionSchedule.Phase[] {
  const past = existing.phases.filter((p) => p.end_date <= now);
  const current = existing.current_phase;
  for (const [i, phase] of sent.entries()) {
    if (phase.end_date > now) break;
    const same = past.find((p) => p.start_date === phase.start_date && p.end_date === phase.end_date && sameItems(p, phase));
    if (!same) throw invalidParam(`phases[${i}]`, 'You can not modify phases that have already ended.');
  }
  const ahead = sent.filter((p) => p.end_date > now);
  const index = sent.findIndex((p) => p.end_date > now);
  if (!current || ahead.length === 0 || ahead[0].start_date !== current.start_date) {
    throw invalidParam(`phases[${Math.max(index, 0)}][start_date]`, 'You can not modify the start date of the current phase.');
  }
  return [...past, ...ahead];
}

/**
 * subscription_schedules.update: phases, end_behavior and metadata. A change to the items of the
 * phase running now reaches the subscription at once, prorated as `proration_behavior` says; later
 * phases only take effect when they begin.
 */
export function updateSchedule(rt: Runtime, schedule: Stripe.SubscriptionSchedule, u: ScheduleUpdate, origin: EventOrigin): Stripe.SubscriptionSchedule {
  if (schedule.status !== 'not_started' && schedule.status !== 'active') {
    throw badRequest(`You cannot update a subscription schedule that is currently in the \`${schedule.status}\` status.`);
  }
  const now = rt.clock.now();
  let phases = schedule.phases;
  if (u.phases) {
    const sent = u.phases.map(buildPhase);
    if (schedule.status === 'active') phases = mergeActivePhases(schedule, sent, now);
    else if (sent[0].start_date < now) throw invalidParam('phases[0][start_date]', 'The start_date of a schedule that has not started cannot be in the past.');
    else phases = sent;
  }
  const next: Stripe.SubscriptionSchedule = {
    ...schedule,
    phases,
    end_behavior: u.endBehavior ?? schedule.end_behavior,
    metadata: u.metadata ?? schedule.metadata,
    current_phase: schedule.status === 'active' ? currentPhaseOf(phaseAt(phases, now)) : null,
  };
  const saved = saveSchedule(rt, schedule, next, origin);
  if (saved.status === 'not_started') {
    // A start date moved to now starts it at once.
    if (saved.phases[0].start_date <= now) startDueSchedule(rt, saved, origin);
    return rt.store.subscriptionSchedules.get(saved.id) ?? saved;
  }
  const sub = subscriptionOf(rt, saved);
  const running = phaseAt(saved.phases, now);
  if (sub && running) {
    const lines = linesOf(rt, running);
    if (!matchesPhase(sub, lines)) applyPhaseItems(rt, sub, lines, { prorationBehavior: u.prorationBehavior, metadata: null }, origin);
  }
  syncCancellation(rt, saved, origin);
  return rt.store.subscriptionSchedules.get(saved.id) ?? saved;
}
