import type Stripe from 'stripe';
import { Op } from 'sequelize';
import { getPortalPolicy } from '../billing/settings';
import { type Customer, Invoice, Payment, Plan, Subscription } from '../db/models';
import { nextChargeOf } from '../billing/upcoming';
import type { Logger } from '../logger';
import type { NextCharge } from '../../shared/upcoming';
import { itemsSummary, type ItemsSummary } from './items';
import { ENDED_STATUSES } from '../../shared/subscriptionStatus';

export interface PortalViewDeps {
  stripe: Stripe;
  log: Logger;
}

/** Subscriptions a customer can still act on; ended ones only appear in the invoice history. */
/** Invoices a customer can pay from the portal. */
export const PAYABLE_INVOICE_STATUSES = new Set(['open']);

export interface CardView {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

/** Its add-ons, seats and scheduled change (server/portal/items.ts). */
export interface SubscriptionView extends ItemsSummary {
  id: number;
  planName: string;
  planId: number | null;
  status: string;
  amount: number;
  currency: string;
  interval: Subscription['interval'];
  intervalCount: number;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: Date | null;
  /** payment collection paused (Stripe's pause_collection): its behavior, and when it resumes by itself */
  pauseBehavior: string | null;
  pausedUntil: Date | null;
  /** the owner lets customers pause (settings: portalPolicy.customersMayPause) */
  mayPause: boolean;
  /** Stripe's preview of the next renewal; "none" when set to end, "unavailable" when Stripe could not say */
  nextCharge: NextCharge;
  card: CardView | null;
}

export interface InvoiceView {
  id: number;
  number: string | null;
  status: string;
  amountDue: number;
  amountRemaining: number;
  currency: string;
  date: Date;
  payable: boolean;
  /** the bank wants the customer to confirm this invoice's payment (3D Secure): the invoice's hosted page */
  confirmUrl: string | null;
}

export interface PortalView {
  customer: { id: number; name: string | null; email: string };
  subscriptions: SubscriptionView[];
  invoices: InvoiceView[];
}

function cardOf(pm: string | Stripe.PaymentMethod | null | undefined): CardView | null {
  if (!pm || typeof pm === 'string' || !pm.card) return null;
  return { brand: pm.card.brand, last4: pm.card.last4, expMonth: pm.card.exp_month, expYear: pm.card.exp_year };
}

/** The card the next charge goes to: the subscription's own default, else the customer's. */
async function chargedCard(stripe: Stripe, subscription: Subscription, stripeCustomerId: string | null): Promise<CardView | null> {
  const remote = await stripe.subscriptions.retrieve(subscription.stripeSubscriptionId, { expand: ['default_payment_method'] });
  const own = cardOf(remote.default_payment_method);
  if (own || !stripeCustomerId) return own;
  const customer = await stripe.customers.retrieve(stripeCustomerId, { expand: ['invoice_settings.default_payment_method'] });
  return customer.deleted ? null : cardOf(customer.invoice_settings.default_payment_method);
}

async function subscriptionView(deps: PortalViewDeps, customer: Customer, subscription: Subscription): Promise<SubscriptionView> {
  const plan = subscription.planId ? await Plan.findByPk(subscription.planId) : null;
  const [charge, card] = await Promise.all([nextChargeOf(deps, subscription), chargedCard(deps.stripe, subscription, customer.stripeCustomerId)]);
  return {
    id: subscription.id,
    planName: plan?.name ?? 'Subscription',
    planId: subscription.planId,
    status: subscription.status,
    amount: subscription.recurringAmount,
    currency: subscription.currency,
    interval: subscription.interval,
    intervalCount: subscription.intervalCount,
    cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
    currentPeriodEnd: subscription.currentPeriodEnd,
    pauseBehavior: subscription.pauseBehavior,
    pausedUntil: subscription.pausedUntil,
    mayPause: (await getPortalPolicy()).customersMayPause,
    nextCharge: charge,
    card,
    ...(await itemsSummary(subscription, plan)),
  };
}

export async function liveSubscriptions(customerId: number): Promise<Subscription[]> {
  return Subscription.findAll({ where: { customerId, status: { [Op.notIn]: ENDED_STATUSES } }, order: [['id', 'DESC']] });
}

/** What the dashboard shows: Recur's mirror for the lists, Stripe for what only it knows (next charge, card). */
export async function portalView(deps: PortalViewDeps, customer: Customer): Promise<PortalView> {
  const subscriptions = await liveSubscriptions(customer.id);
  const invoices = await Invoice.findAll({ where: { customerId: customer.id, status: { [Op.ne]: 'draft' } }, order: [['id', 'DESC']], limit: 24 });
  const waiting = await Payment.findAll({ where: { customerId: customer.id, status: 'requires_action', invoiceId: invoices.map((i) => i.id) } });
  const confirmUrl = new Map(waiting.map((p) => [p.invoiceId, p.actionUrl]));
  return {
    customer: { id: customer.id, name: customer.name, email: customer.email },
    subscriptions: await Promise.all(subscriptions.map((s) => subscriptionView(deps, customer, s))),
    invoices: invoices.map((invoice) => ({
      id: invoice.id,
      number: invoice.number,
      status: invoice.status,
      amountDue: invoice.amountDue,
      amountRemaining: invoice.amountRemaining,
      currency: invoice.currency,
      // A subscription invoice is issued at the end of the period it covers (Stripe's period_end).
      date: invoice.periodEnd ?? invoice.createdAt,
      payable: PAYABLE_INVOICE_STATUSES.has(invoice.status),
      confirmUrl: invoice.status === 'open' ? (confirmUrl.get(invoice.id) ?? null) : null,
    })),
  };
}
