import { Customer, Invoice, Payment, Plan, Subscription } from '../db/models';
import { PAYMENT_FAILED_LINK_TTL_MINUTES, portalLink } from '../portal/links';
import { formatMoney, formatPrice } from '../../shared/money';
import type { TemplateKey } from '../../shared/emailTemplates';
import { formatWhen } from './format';
import { isSignInRequest } from './magicLink';
import type { VariableContext } from './types';

/** A notification the facts no longer support (the failed payment has been paid since). */
export class StaleNotification extends Error {}

type Variables = Record<string, string>;

async function customerName(customerId: number | null): Promise<string> {
  const customer = customerId ? await Customer.findByPk(customerId) : null;
  return customer?.name || customer?.email || 'there';
}

async function planName(subscriptionId: number | null): Promise<{ name: string; subscription: Subscription | null }> {
  const subscription = subscriptionId ? await Subscription.findByPk(subscriptionId) : null;
  const plan = subscription?.planId ? await Plan.findByPk(subscription.planId) : null;
  return { name: plan?.name ?? 'your', subscription };
}

async function paymentVariables(paymentId: number, ctx: VariableContext, failed: boolean): Promise<Variables> {
  const payment = await Payment.findByPk(paymentId);
  if (!payment) throw new StaleNotification(`payment ${paymentId} no longer exists`);
  if (failed && payment.status !== 'failed') throw new StaleNotification(`payment ${paymentId} is ${payment.status} now`);
  const invoice = payment.invoiceId ? await Invoice.findByPk(payment.invoiceId) : null;
  const common = {
    customerName: await customerName(payment.customerId),
    planName: (await planName(payment.subscriptionId)).name,
    amount: formatMoney(payment.amount, payment.currency),
    invoiceUrl: invoice?.hostedInvoiceUrl ?? '',
  };
  if (!failed) return { ...common, paidAt: formatWhen(payment.attemptedAt), portalUrl: `${ctx.baseUrl}/portal` };
  return {
    ...common,
    failureMessage: payment.failureMessage ?? 'The payment failed.',
    nextRetryAt: payment.nextRetryAt ? formatWhen(payment.nextRetryAt) : 'no further automatic retry',
    // A single-use sign-in link, made when the e-mail is rendered (in this thread, never in the webhook transaction).
    portalUrl: await portalLink(ctx.db, ctx.baseUrl, payment.customerId, PAYMENT_FAILED_LINK_TTL_MINUTES, undefined, ctx.keptIn ?? null),
  };
}

/** "Confirm your payment": only while the payment still waits for the customer's bank. */
async function actionVariables(paymentId: number, ctx: VariableContext): Promise<Variables> {
  const payment = await Payment.findByPk(paymentId);
  if (!payment) throw new StaleNotification(`payment ${paymentId} no longer exists`);
  if (payment.status !== 'requires_action') throw new StaleNotification(`payment ${paymentId} is ${payment.status} now`);
  const invoice = payment.invoiceId ? await Invoice.findByPk(payment.invoiceId) : null;
  return {
    customerName: await customerName(payment.customerId),
    planName: (await planName(payment.subscriptionId)).name,
    amount: formatMoney(payment.amount, payment.currency),
    confirmUrl: payment.actionUrl ?? invoice?.hostedInvoiceUrl ?? '',
    portalUrl: await portalLink(ctx.db, ctx.baseUrl, payment.customerId, PAYMENT_FAILED_LINK_TTL_MINUTES, undefined, ctx.keptIn ?? null),
  };
}

async function subscriptionVariables(subscriptionId: number, ctx: VariableContext): Promise<Variables> {
  const { name, subscription } = await planName(subscriptionId);
  if (!subscription) throw new StaleNotification(`subscription ${subscriptionId} no longer exists`);
  return {
    customerName: await customerName(subscription.customerId),
    planName: name,
    trialEndsAt: formatWhen(subscription.trialEnd),
    canceledAt: formatWhen(subscription.canceledAt ?? subscription.currentPeriodEnd),
    amount: formatPrice(subscription.recurringAmount, subscription.currency, subscription.interval, subscription.intervalCount),
    portalUrl: `${ctx.baseUrl}/portal`,
  };
}

/**
 * The template's variables for an outbox row. Rows queued while applying a webhook carry only
 * local ids (the apply thread renders nothing); the rest carry their variables already.
 */
export async function templateVariables(template: TemplateKey, data: Record<string, unknown>, ctx: VariableContext): Promise<Variables> {
  const given = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, String(v ?? '')]));
  if (typeof data.paymentId === 'number' && (template === 'payment_failed' || template === 'payment_receipt')) {
    return { ...given, ...(await paymentVariables(data.paymentId, ctx, template === 'payment_failed')) };
  }
  if (typeof data.paymentId === 'number' && template === 'payment_action_required') return { ...given, ...(await actionVariables(data.paymentId, ctx)) };
  if (typeof data.subscriptionId === 'number' && (template === 'trial_ending' || template === 'subscription_canceled')) {
    return { ...given, ...(await subscriptionVariables(data.subscriptionId, ctx)) };
  }
  return given;
}

/** Whether a row's variables must be built from the database before it can be rendered. */
export function needsVariables(data: Record<string, unknown>): boolean {
  return typeof data.paymentId === 'number' || typeof data.subscriptionId === 'number' || isSignInRequest(data);
}
