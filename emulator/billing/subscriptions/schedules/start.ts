import type Stripe from 'stripe';
import type { Runtime } from '../../../runtime';
import type { EventOrigin } from '../../../events/bus';
import type { PaymentBehavior } from '../start-subscription';
import { startSubscription } from '../start-subscription';
import { linesOf } from './apply-phase';
import { currentPhaseOf, scheduledCancelAt } from './build';
import { saveSchedule } from './lifecycle';

/** The card subscriptions.create would charge for this customer (start-subscription's own choice). */
function hasCard(rt: Runtime, customer: Stripe.Customer): boolean {
  const ref = customer.invoice_settings.default_payment_method ?? customer.default_source;
  const id = typeof ref === 'string' ? ref : (ref?.id ?? null);
  return id !== null && rt.store.paymentMethods.get(id) !== undefined;
}

/**
 * The subscription a schedule creates when its first phase starts. A schedule cannot ask the
 * customer for anything, so without a card the subscription starts incomplete with its invoice
 * open rather than being refused, as subscriptions.create would refuse it.
 */
export function subscriptionForSchedule(
  rt: Runtime,
  schedule: Stripe.SubscriptionSchedule,
  customer: Stripe.Customer,
  offSession: boolean,
  origin: EventOrigin,
): Stripe.Subscription {
  const phase = schedule.phases[0];
  const lines = linesOf(rt, phase);
  const paymentBehavior: PaymentBehavior = hasCard(rt, customer) ? 'allow_incomplete' : 'default_incomplete';
  return startSubscription(
    rt,
    {
      customer,
      lines,
      defaultPaymentMethod: null,
      metadata: phase.metadata ?? {},
      description: null,
      trialEnd: null,
      billingCycleAnchor: null,
      cancelAtPeriodEnd: false,
      collectionMethod: 'charge_automatically',
      daysUntilDue: null,
      missingPaymentMethod: 'create_invoice',
      paymentBehavior,
      coupons: [],
      offSession,
      authenticated: false,
      schedule: schedule.id,
      cancelAt: scheduledCancelAt(schedule),
    },
    origin,
  ).subscription;
}

/** A not_started schedule whose start date has come: it creates its subscription and becomes active. */
export function startDueSchedule(rt: Runtime, schedule: Stripe.SubscriptionSchedule, origin: EventOrigin): void {
  const customer = rt.store.customers.get(typeof schedule.customer === 'string' ? schedule.customer : schedule.customer.id);
  if (!customer) return;
  const sub = subscriptionForSchedule(rt, schedule, customer, true, origin);
  const current = rt.store.subscriptionSchedules.get(schedule.id) ?? schedule;
  saveSchedule(rt, current, { ...current, status: 'active', subscription: sub.id, current_phase: currentPhaseOf(current.phases[0]) }, origin);
}
