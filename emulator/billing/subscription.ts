import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import { newId } from '../ids';
import { addInterval, isInterval } from './periods';
import { planFromPrice } from './plan';

export interface SubscriptionLine {
  price: Stripe.Price;
  quantity: number;
}

export interface NewSubscription {
  customerId: string;
  lines: SubscriptionLine[];
  defaultPaymentMethod: string | null;
  metadata: Record<string, string>;
  description: string | null;
  trialPeriodDays: number | null;
}

/** End of the first period: the trial's end when there is one, else one billing interval. */
export function firstPeriodEnd(start: number, price: Stripe.Price, trialDays: number | null): number {
  if (trialDays) return start + trialDays * 86_400;
  const r = price.recurring;
  if (!r || !isInterval(r.interval)) throw new Error(`price ${price.id} has no supported interval`);
  return addInterval(start, r.interval, r.interval_count);
}

export function buildSubscription(rt: Runtime, input: NewSubscription): Stripe.Subscription {
  const now = rt.clock.now();
  const id = newId('sub');
  const periodEnd = firstPeriodEnd(now, input.lines[0].price, input.trialPeriodDays);
  const trialEnd = input.trialPeriodDays ? periodEnd : null;
  const items: Stripe.SubscriptionItem[] = input.lines.map((line) => ({
    id: newId('si'),
    object: 'subscription_item',
    billing_thresholds: null,
    created: now,
    current_period_end: periodEnd,
    current_period_start: now,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planFromPrice(line.price),
    price: line.price,
    quantity: line.quantity,
    subscription: id,
    tax_rates: [],
  }));
  return {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: trialEnd ?? now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: 'charge_automatically',
    created: now,
    currency: input.lines[0].price.currency,
    customer: input.customerId,
    customer_account: null,
    days_until_due: null,
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
    schedule: null,
    start_date: now,
    status: trialEnd ? 'trialing' : 'active',
    test_clock: null,
    transfer_data: null,
    trial_end: trialEnd,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: 'create_invoice' } },
    trial_start: trialEnd ? now : null,
  };
}
