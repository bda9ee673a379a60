import type Stripe from 'stripe';
import type { Runtime } from '../../../runtime';
import { newId } from '../../../ids';
import { clockOf } from '../subscription';

/** One item of a phase as the routes read it: the price is already checked (recurring, active). */
export interface PhaseLine {
  price: Stripe.Price;
  quantity: number;
  metadata: Record<string, string>;
}

/** A phase with absolute dates, ready to be stored. */
export interface PhaseInput {
  start: number;
  end: number;
  lines: PhaseLine[];
  prorationBehavior: Stripe.SubscriptionSchedule.Phase.ProrationBehavior;
  metadata: Record<string, string>;
}

export type EndBehavior = 'release' | 'cancel';

export function buildPhase(input: PhaseInput): Stripe.SubscriptionSchedule.Phase {
  return {
    add_invoice_items: [],
    application_fee_percent: null,
    billing_cycle_anchor: null,
    billing_thresholds: null,
    collection_method: null,
    currency: input.lines[0].price.currency,
    default_payment_method: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    end_date: input.end,
    invoice_settings: null,
    items: input.lines.map((l) => ({
      billing_thresholds: null,
      discounts: [],
      metadata: l.metadata,
      plan: l.price.id,
      price: l.price.id,
      quantity: l.quantity,
      tax_rates: [],
    })),
    metadata: input.metadata,
    on_behalf_of: null,
    proration_behavior: input.prorationBehavior,
    start_date: input.start,
    transfer_data: null,
    trial_end: null,
  };
}

/** The phase running at `now`, if any (phases are contiguous, so at most one). */
export function phaseAt(phases: Stripe.SubscriptionSchedule.Phase[], now: number): Stripe.SubscriptionSchedule.Phase | undefined {
  return phases.find((p) => p.start_date <= now && now < p.end_date);
}

export function lastPhase(schedule: Stripe.SubscriptionSchedule): Stripe.SubscriptionSchedule.Phase {
  return schedule.phases[schedule.phases.length - 1];
}

/** "current_phase: … the current phase of the subscription schedule, if it is `active`" (API reference, the object). */
export function currentPhaseOf(phase: Stripe.SubscriptionSchedule.Phase | undefined): Stripe.SubscriptionSchedule.CurrentPhase | null {
  return phase ? { start_date: phase.start_date, end_date: phase.end_date } : null;
}

export interface NewSchedule {
  customer: Stripe.Customer;
  phases: Stripe.SubscriptionSchedule.Phase[];
  endBehavior: EndBehavior;
  metadata: Record<string, string>;
  subscription: string | null;
  status: 'not_started' | 'active';
}

export function buildSchedule(rt: Runtime, input: NewSchedule): Stripe.SubscriptionSchedule {
  const now = rt.clock.now();
  return {
    id: newId('sub_sched'),
    object: 'subscription_schedule',
    application: null,
    billing_mode: { flexible: null, type: 'classic' },
    canceled_at: null,
    completed_at: null,
    created: now,
    current_phase: input.status === 'active' ? currentPhaseOf(phaseAt(input.phases, now) ?? input.phases[0]) : null,
    customer: input.customer.id,
    customer_account: null,
    default_settings: {
      application_fee_percent: null,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null },
      billing_cycle_anchor: 'automatic',
      billing_thresholds: null,
      collection_method: 'charge_automatically',
      default_payment_method: null,
      description: null,
      invoice_settings: { account_tax_ids: null, custom_fields: null, days_until_due: null, description: null, footer: null, issuer: { type: 'self' } },
      on_behalf_of: null,
      transfer_data: null,
    },
    end_behavior: input.endBehavior,
    livemode: false,
    metadata: input.metadata,
    pause_schedules: [],
    phases: input.phases,
    released_at: null,
    released_subscription: null,
    status: input.status,
    subscription: input.subscription,
    test_clock: clockOf(input.customer),
  };
}

/** What the schedule asks of its subscription's cancellation: the end of the last phase with end_behavior `cancel`. */
export function scheduledCancelAt(schedule: Stripe.SubscriptionSchedule): number | null {
  return schedule.end_behavior === 'cancel' ? lastPhase(schedule).end_date : null;
}
