import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import { newId } from '../../ids';
import { addInterval, isInterval } from './periods';
import { planFromPrice } from './plan';

export interface SubscriptionLine {
  price: Stripe.Price;
  quantity: number;
  metadata?: Record<string, string>;
}

export interface NewSubscription {
  id?: string;
  customer: Stripe.Customer;
  lines: SubscriptionLine[];
  defaultPaymentMethod: string | null;
  metadata: Record<string, string>;
  description: string | null;
  /** Absolute trial end, or null for no trial. */
  trialEnd: number | null;
  /** A future anchor makes the first period a short one that ends there. */
  billingCycleAnchor: number | null;
  cancelAtPeriodEnd: boolean;
  status: Stripe.Subscription.Status;
  collectionMethod: Stripe.Subscription.CollectionMethod;
  daysUntilDue: number | null;
  missingPaymentMethod: Stripe.Subscription.TrialSettings.EndBehavior.MissingPaymentMethod;
  /** The subscription schedule that creates and manages it, if any. */
  schedule?: string | null;
  /** A cancellation the managing schedule sets (end_behavior `cancel`): the end of its last phase. */
  cancelAt?: number | null;
}

/** One billing interval after `start`, from the price's recurring interval. */
export function periodEnd(start: number, price: Stripe.Price): number {
  const r = price.recurring;
  if (!r || !isInterval(r.interval)) throw new Error(`price ${price.id} has no supported interval`);
  return addInterval(start, r.interval, r.interval_count);
}

export function newItem(rt: Runtime, subId: string, line: SubscriptionLine, period: { start: number; end: number }): Stripe.SubscriptionItem {
  return {
    id: newId('si'),
    object: 'subscription_item',
    billing_thresholds: null,
    created: rt.clock.now(),
    current_period_end: period.end,
    current_period_start: period.start,
    current_trial: null,
    discounts: [],
    metadata: line.metadata ?? {},
    plan: planFromPrice(line.price),
    price: line.price,
    quantity: line.quantity,
    subscription: subId,
    tax_rates: [],
  };
}

export function clockOf(customer: Stripe.Customer): string | null {
  const c = customer.test_clock;
  if (!c) return null;
  return typeof c === 'string' ? c : c.id;
}

export function buildSubscription(rt: Runtime, input: NewSubscription): Stripe.Subscription {
  const now = rt.clock.now();
  const id = input.id ?? newId('sub');
  const end = input.trialEnd ?? input.billingCycleAnchor ?? periodEnd(now, input.lines[0].price);
  const items = input.lines.map((line) => newItem(rt, id, line, { start: now, end }));
  return {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: input.trialEnd ?? input.billingCycleAnchor ?? now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: input.cancelAtPeriodEnd ? end : (input.cancelAt ?? null),
    cancel_at_period_end: input.cancelAtPeriodEnd,
    canceled_at: input.cancelAtPeriodEnd ? now : null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: input.cancelAtPeriodEnd ? 'cancellation_requested' : null },
    collection_method: input.collectionMethod,
    created: now,
    currency: input.lines[0].price.currency,
    customer: input.customer.id,
    customer_account: null,
    days_until_due: input.daysUntilDue,
    default_payment_method: input.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: input.description,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
    items: { object: 'list', data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: input.schedule ?? null,
    start_date: now,
    status: input.status,
    test_clock: clockOf(input.customer),
    transfer_data: null,
    trial_end: input.trialEnd,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: input.missingPaymentMethod } },
    trial_start: input.trialEnd ? now : null,
  };
}

/** The current billing period, which this API version keeps on the items. */
export function currentPeriod(sub: Stripe.Subscription): { start: number; end: number } {
  const item = sub.items.data[0];
  return { start: item.current_period_start, end: item.current_period_end };
}
