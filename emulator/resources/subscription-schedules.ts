import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { Params } from '../http/params';
import { eq, readRoutes } from '../http/read-routes';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { readCreatedFilter } from '../http/pagination';
import { badRequest, invalidParam, missingParam, noSuchResource } from '../http/errors';
import { sendObject } from '../http/respond';
import { requireCustomer } from './customers';
import { requireSubscription } from './subscriptions';
import { checkSubscriptionCurrency, readProrationBehavior } from './subscription-params';
import { checkPhaseCurrency, readEndBehavior, readMoment, readPhases, resolvePhases } from './subscription-schedule-params';
import { customerTime, withCustomerTime } from '../billing/customers/customer-time';
import { scheduleFromSubscription, scheduleWithPhases } from '../billing/subscriptions/schedules/create';
import { updateSchedule } from '../billing/subscriptions/schedules/update';
import { releaseSchedule, endSchedule, subscriptionOf } from '../billing/subscriptions/schedules/lifecycle';
import { cancelSubscription } from '../billing/subscriptions/cancel-subscription';
import { idOf } from '../refs';

export function requireSchedule(rt: Runtime, id: string): Stripe.SubscriptionSchedule {
  const schedule = rt.store.subscriptionSchedules.get(id);
  if (!schedule) throw noSuchResource('subscription_schedule', id);
  return schedule;
}

/** "A schedule can only be released [canceled] if its status is not_started or active" (API reference). */
function requireOpen(schedule: Stripe.SubscriptionSchedule, action: 'release' | 'cancel'): void {
  if (schedule.status === 'not_started' || schedule.status === 'active') return;
  throw badRequest(
    `You cannot ${action} a subscription schedule that is currently in the \`${schedule.status}\` status. It must be in one of the following statuses: not_started, active.`,
  );
}

/**
 * "When using this parameter [from_subscription], other parameters (such as phase values) cannot
 * be set. To create a subscription schedule with other modifications, we recommend making two
 * separate API calls" (API reference, Create a schedule).
 */
function refuseBesidesFromSubscription(p: Params): void {
  const other = Object.keys(p.raw).find((k) => k !== 'from_subscription' && k !== 'expand');
  if (other !== undefined) {
    throw invalidParam(
      other,
      `You cannot set \`${other}\` when \`from_subscription\` is set. Create the schedule from the subscription first, then update it.`,
    );
  }
}

function createWithPhases(rt: Runtime, p: Params) {
  const customer = requireCustomer(rt, p.requiredString('customer'), 'customer');
  const now = customerTime(rt, customer) ?? rt.clock.now();
  const start = readMoment(p, 'start_date');
  const drafts = readPhases(rt, p, 'create');
  if (!drafts) throw missingParam('phases');
  const firstStart = start === undefined || start === 'now' ? now : start;
  // Backdating (a past start_date) would bill the past periods; the emulator does not (README).
  if (firstStart < now) throw invalidParam('start_date', 'The emulator does not backdate subscription schedules: start_date must be `now` or in the future.');
  const phases = resolvePhases(drafts, firstStart, now);
  checkPhaseCurrency(phases, phases[0].lines[0].price.currency);
  return { customer, phases, endBehavior: readEndBehavior(p) ?? 'release', metadata: p.metadata() ?? {} };
}

export function subscriptionScheduleRoutes(rt: Runtime) {
  const app = readRoutes<Stripe.SubscriptionSchedule>(rt, {
    collection: (r) => r.store.subscriptionSchedules,
    kind: 'subscription_schedule',
    url: '/v1/subscription_schedules',
    filters: (p) => {
      const customer = p.string('customer');
      const account = p.string('customer_account');
      const scheduled = p.boolean('scheduled');
      const ranges = (['canceled_at', 'completed_at', 'released_at'] as const).map((key) => {
        const match = readCreatedFilter(p, key);
        return (s: Stripe.SubscriptionSchedule) => match === undefined || (s[key] !== null && match(s[key]));
      });
      return [
        eq(customer, (s) => idOf(s.customer)),
        eq(account, (s) => s.customer_account),
        // "The response will not include subscription schedules for customers with a test clock attached if this parameter is not set."
        (s) => customer !== undefined || s.test_clock === null,
        (s) => scheduled === undefined || (s.status === 'not_started') === scheduled,
        ...ranges,
      ];
    },
  });

  app.post('/', (c) => {
    const p = paramsOf(c);
    const fromId = p.string('from_subscription');
    if (fromId !== undefined) {
      refuseBesidesFromSubscription(p);
      const sub = requireSubscription(rt, fromId, 'from_subscription');
      const expand = p.stringArray('expand') ?? [];
      p.done();
      const schedule = withCustomerTime(rt, idOf(sub.customer), () => scheduleFromSubscription(rt, sub, originOf(c)));
      return sendObject(c, rt.store, schedule, expand);
    }
    const input = createWithPhases(rt, p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const schedule = withCustomerTime(rt, input.customer, () => scheduleWithPhases(rt, input, originOf(c)));
    return sendObject(c, rt.store, rt.store.subscriptionSchedules.get(schedule.id) ?? schedule, expand);
  });

  app.post('/:id', (c) => {
    const p = paramsOf(c);
    const schedule = requireSchedule(rt, c.req.param('id'));
    const now = customerTime(rt, idOf(schedule.customer)) ?? rt.clock.now();
    const drafts = readPhases(rt, p, 'update');
    const first = drafts?.[0];
    // "The date at which this phase … starts or `now`. Must be set on the first phase" (API reference, Update a schedule).
    if (first && first.start === undefined) throw missingParam('phases[0][start_date]');
    const phases = drafts && first ? resolvePhases(drafts, first.start === 'now' ? now : (first.start ?? now), now) : undefined;
    const endBehavior = readEndBehavior(p);
    const metadata = p.metadata();
    const prorationBehavior = readProrationBehavior(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const sub = subscriptionOf(rt, schedule);
    if (phases) {
      if (sub)
        checkSubscriptionCurrency(
          sub,
          phases.flatMap((ph, i) => ph.lines.map((l, n) => ({ param: `phases[${i}][items][${n}][price]`, price: l.price }))),
        );
      else checkPhaseCurrency(phases, phases[0].lines[0].price.currency);
    }
    const update = { phases, endBehavior, metadata: metadata === undefined ? undefined : mergeMetadata(schedule.metadata ?? {}, metadata), prorationBehavior };
    const next = withCustomerTime(rt, idOf(schedule.customer), () => updateSchedule(rt, schedule, update, originOf(c)));
    return sendObject(c, rt.store, next, expand);
  });

  app.post('/:id/release', (c) => {
    const p = paramsOf(c);
    const schedule = requireSchedule(rt, c.req.param('id'));
    const preserve = p.boolean('preserve_cancel_date') ?? false;
    const expand = p.stringArray('expand') ?? [];
    p.done();
    requireOpen(schedule, 'release');
    const released = withCustomerTime(rt, idOf(schedule.customer), () => releaseSchedule(rt, schedule, preserve, originOf(c)));
    return sendObject(c, rt.store, released, expand);
  });

  /**
   * "Cancels a subscription schedule and its associated subscription immediately (if the
   * subscription schedule has an active subscription)"; `invoice_now` and `prorate` default to
   * true (API reference, Cancel a schedule).
   */
  app.post('/:id/cancel', (c) => {
    const p = paramsOf(c);
    const schedule = requireSchedule(rt, c.req.param('id'));
    const invoiceNow = p.boolean('invoice_now') ?? true;
    const prorate = p.boolean('prorate') ?? true;
    const expand = p.stringArray('expand') ?? [];
    p.done();
    requireOpen(schedule, 'cancel');
    const origin = originOf(c);
    const canceled = withCustomerTime(rt, idOf(schedule.customer), () => {
      const now = rt.clock.now();
      const next: Stripe.SubscriptionSchedule = { ...schedule, status: 'canceled', canceled_at: now, current_phase: null };
      // Stored first, so the subscription's end below does not end the schedule a second time.
      rt.store.subscriptionSchedules.replace(next);
      const sub = subscriptionOf(rt, schedule);
      if (sub && sub.status !== 'canceled' && sub.status !== 'incomplete_expired') cancelSubscription(rt, sub, { invoiceNow, prorate }, origin);
      return endSchedule(rt, next, 'subscription_schedule.canceled', origin);
    });
    return sendObject(c, rt.store, canceled, expand);
  });

  return app;
}
