import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { PlanChange } from '../subscriptions/plan-change';
import { planChange } from '../subscriptions/plan-change';
import { buildInvoiceItem, pendingItemsOf } from './invoice-items';
import { draftForSubscription } from './subscription-invoice';
import { draftInvoice } from './invoice';
import { invoiceItemLine } from './lines';
import { nextPeriod } from '../subscriptions/renewal';
import { newId } from '../../ids';
import { StripeApiError } from '../../http/errors';
import { newItem } from '../subscriptions/subscription';
import { scheduleOf } from '../subscriptions/schedules/lifecycle';
import { linesOf } from '../subscriptions/schedules/apply-phase';

/**
 * The subscription as its next renewal will bill it: a schedule whose next phase starts at the
 * period's end puts that phase's items on it first. Stripe's reference says one can "preview the
 * upcoming invoice for a subscription or subscription schedule" (docs.stripe.com/api/invoices/create_preview);
 * the upcoming invoice is the one the renewal makes, and the schedule changes the items before it.
 */
function asItWillRenew(rt: Runtime, sub: Stripe.Subscription): Stripe.Subscription {
  const schedule = scheduleOf(rt, sub);
  const end = sub.items.data[0].current_period_end;
  if (!schedule || (schedule.status !== 'active' && schedule.status !== 'not_started')) return sub;
  const phase = schedule.phases.find((p) => p.start_date === end);
  if (!phase) return sub;
  const period = { start: sub.items.data[0].current_period_start, end };
  const free = [...sub.items.data];
  const items = linesOf(rt, phase).map((line) => {
    const i = free.findIndex((item) => item.price.id === line.price.id);
    const kept = i < 0 ? undefined : free.splice(i, 1)[0];
    return kept ? { ...kept, quantity: line.quantity } : newItem(rt, sub.id, line, period);
  });
  return { ...sub, items: { ...sub.items, data: items } };
}

export interface PreviewInput {
  customer: Stripe.Customer;
  subscription: Stripe.Subscription | null;
  plan: PlanChange | null;
}

/** What finalizing would make of it: the customer's balance applied, as on the real invoice. */
function settled(invoice: Stripe.Invoice, customer: Stripe.Customer): Stripe.Invoice {
  const net = invoice.total + customer.balance;
  const due = Math.max(0, net);
  return { ...invoice, starting_balance: customer.balance, ending_balance: Math.min(net, 0), amount_due: due, amount_remaining: due };
}

/**
 * "invoice_upcoming_none": the subscription will not be billed again. The body is the one the API
 * returns (stripe/stripe-java#920); the reporter there asked for a 404 instead, so it is not one.
 */
function noUpcomingInvoice(customer: Stripe.Customer): StripeApiError {
  return new StripeApiError(400, {
    type: 'invalid_request_error',
    code: 'invoice_upcoming_none',
    doc_url: 'https://stripe.com/docs/error-codes/invoice-upcoming-none',
    message: `No upcoming invoices for customer: ${customer.id}`,
  });
}

function ended(sub: Stripe.Subscription): boolean {
  return sub.status === 'canceled' || sub.status === 'incomplete_expired';
}

/** Not set to end (cancel_at_period_end sets cancel_at too) by the end of its period, as renewSubscription decides. */
function renews(sub: Stripe.Subscription): boolean {
  return sub.cancel_at === null || sub.cancel_at > sub.items.data[0].current_period_end;
}

/**
 * invoices.createPreview. With subscription_details it runs the very planChange the update will
 * run: always_invoice (or a new cycle) previews the invoice the update charges at once; otherwise
 * the next renewal, with the prorations it will carry.
 */
export function previewInvoice(rt: Runtime, input: PreviewInput): Stripe.Invoice {
  const { customer, subscription: sub } = input;
  let invoice: Stripe.Invoice;
  if (sub && ended(sub)) throw noUpcomingInvoice(customer);
  if (sub && input.plan) {
    const planned = planChange(rt, sub, input.plan);
    const extraItems = planned.prorations.map((p) => buildInvoiceItem(rt, { ...p, customer }));
    const now = input.plan.prorationBehavior === 'always_invoice' || planned.resetCycle;
    if (!now && !renews(planned.next)) throw noUpcomingInvoice(customer);
    invoice = now
      ? draftForSubscription(rt, planned.next, customer, {
          reason: 'subscription_update',
          charge: planned.resetCycle ? 'full' : null,
          preview: true,
          extraItems,
        })
      : draftForSubscription(rt, nextPeriod(planned.next, planned.next.items.data[0].current_period_end), customer, {
          reason: 'subscription_cycle',
          charge: 'full',
          preview: true,
          extraItems,
        });
  } else if (sub) {
    if (!renews(sub)) throw noUpcomingInvoice(customer);
    const upcoming = nextPeriod(asItWillRenew(rt, sub), sub.items.data[0].current_period_end);
    invoice = draftForSubscription(rt, sub.status === 'trialing' ? { ...upcoming, status: 'active' } : upcoming, customer, {
      reason: 'subscription_cycle',
      charge: 'full',
      preview: true,
    });
  } else {
    const id = newId('in');
    const items = pendingItemsOf(rt, customer.id, null);
    const now = rt.clock.now();
    invoice = draftInvoice(rt, {
      id,
      customer,
      subscription: null,
      reason: 'manual',
      lines: items.map((ii) => invoiceItemLine(id, ii)),
      discounts: [],
      currency: items[0]?.currency ?? 'usd',
      period: { start: now, end: now },
    });
  }
  return settled({ ...invoice, id: `upcoming_${invoice.id}` }, customer);
}
