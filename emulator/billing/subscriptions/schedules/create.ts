import type Stripe from 'stripe';
import type { Runtime } from '../../../runtime';
import type { EventOrigin } from '../../../events/bus';
import type { EndBehavior, PhaseInput } from './build';
import { badRequest, invalidParam } from '../../../http/errors';
import { buildPhase, buildSchedule } from './build';
import { saveSubscription } from '../subscription-save';
import { currentPeriod } from '../subscription';
import { subscriptionForSchedule } from './start';
import { syncCancellation } from './lifecycle';

/**
 * `from_subscription`: "a subscription schedule will be created using the subscription's item(s),
 * set to auto-renew using the subscription's interval" (API reference, Create a schedule): one
 * phase over the current period with the subscription's prices and quantities, end_behavior
 * `release`, and the subscription now points at its schedule.
 */
export function scheduleFromSubscription(rt: Runtime, sub: Stripe.Subscription, origin: EventOrigin): Stripe.SubscriptionSchedule {
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
    throw invalidParam('from_subscription', `You cannot migrate a subscription that is in the \`${sub.status}\` status.`);
  }
  if (sub.schedule) {
    const id = typeof sub.schedule === 'string' ? sub.schedule : sub.schedule.id;
    throw invalidParam('from_subscription', `You cannot migrate a subscription that is already attached to a schedule: \`${id}\`.`);
  }
  const customer = rt.store.customers.get(typeof sub.customer === 'string' ? sub.customer : sub.customer.id);
  if (!customer) throw badRequest(`The subscription's customer no longer exists.`, 'from_subscription');
  const period = currentPeriod(sub);
  const phase = buildPhase({
    start: period.start,
    end: period.end,
    lines: sub.items.data.map((i) => ({ price: i.price, quantity: i.quantity ?? 1, metadata: {} })),
    prorationBehavior: 'create_prorations',
    metadata: {},
  });
  const schedule = buildSchedule(rt, {
    customer,
    phases: [{ ...phase, trial_end: sub.status === 'trialing' ? sub.trial_end : null }],
    endBehavior: 'release',
    metadata: {},
    subscription: sub.id,
    status: 'active',
  });
  rt.store.subscriptionSchedules.insert(schedule);
  saveSubscription(rt, sub, { ...sub, schedule: schedule.id }, origin);
  rt.bus.publish({ type: 'subscription_schedule.created', data: { object: schedule } }, origin);
  return schedule;
}

export interface ScheduleWithPhases {
  customer: Stripe.Customer;
  phases: PhaseInput[];
  endBehavior: EndBehavior;
  metadata: Record<string, string>;
}

/**
 * `customer` + `phases`: the schedule waits (`not_started`) until its start date, or, starting
 * now, creates its subscription at once from the first phase.
 */
export function scheduleWithPhases(rt: Runtime, input: ScheduleWithPhases, origin: EventOrigin): Stripe.SubscriptionSchedule {
  const now = rt.clock.now();
  const phases = input.phases.map(buildPhase);
  const startsNow = phases[0].start_date <= now;
  const draft = buildSchedule(rt, { ...input, phases, subscription: null, status: startsNow ? 'active' : 'not_started' });
  if (!startsNow) {
    rt.store.subscriptionSchedules.insert(draft);
    rt.bus.publish({ type: 'subscription_schedule.created', data: { object: draft } }, origin);
    return draft;
  }
  const sub = subscriptionForSchedule(rt, draft, input.customer, false, origin);
  const schedule = { ...draft, subscription: sub.id };
  rt.store.subscriptionSchedules.insert(schedule);
  rt.bus.publish({ type: 'subscription_schedule.created', data: { object: schedule } }, origin);
  syncCancellation(rt, schedule, origin);
  return schedule;
}
