import type Stripe from 'stripe';
import type { SessionUser } from '../auth/sessions';
import { Customer, Invoice, Subscription } from '../db/models';
import { BadRequestError, ConflictError, NotFoundError, PaymentRequiredError } from '../errors';
import { applySnapshots } from '../stripe/apply/batch';
import { fetched } from '../stripe/apply/snapshot';
import type { HandlerContext } from '../stripe/handlers';
import { audit } from './audit';
import type { ChargeRequest, ChargeResult } from '../../shared/charges';
import { isEnded } from '../../shared/subscriptionStatus';

/** Stripe's refusals in the admin's words: a second submit still in flight, or a request Stripe will not take. */
function refusalOf(error: unknown): unknown {
  const stripeError = error as Stripe.errors.StripeError;
  if (stripeError.code === 'idempotency_key_in_use') return new ConflictError('This charge is already being made');
  if (stripeError.type === 'StripeInvalidRequestError') return new ConflictError(`Stripe refused the charge: ${stripeError.message}`);
  return error;
}

const stripeCall = <T>(call: Promise<T>): Promise<T> =>
  call.catch((error: unknown) => {
    throw refusalOf(error);
  });

/** The currency the customer is billed in: Stripe's, or that of its latest subscription. */
async function customerCurrency(customer: Customer): Promise<string | null> {
  if (customer.currency) return customer.currency;
  const latest = await Subscription.findOne({ where: { customerId: customer.id }, order: [['id', 'DESC']] });
  return latest?.currency ?? null;
}

/**
 * The card a charge now is made on: the customer's default for invoices, else the one their live
 * subscription is charged on (Checkout in subscription mode sets only the subscription's).
 */
async function defaultPaymentMethod(ctx: HandlerContext, customer: Customer): Promise<string> {
  const remote = await ctx.stripe.customers.retrieve(customer.stripeCustomerId!);
  const own = remote.deleted ? null : remote.invoice_settings?.default_payment_method;
  if (own) return typeof own === 'string' ? own : own.id;
  const subscriptions = await Subscription.findAll({ where: { customerId: customer.id }, order: [['id', 'DESC']] });
  for (const subscription of subscriptions.filter((s) => !isEnded(s.status))) {
    const pm = (await ctx.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId)).default_payment_method;
    if (pm) return typeof pm === 'string' ? pm : pm.id;
  }
  throw new ConflictError('The customer has no card on file to charge now; add the charge to their next invoice instead');
}

async function mirrorInvoice(ctx: HandlerContext, invoice: Stripe.Invoice): Promise<void> {
  const at = Math.floor(Date.now() / 1000);
  await applySnapshots(new Map([['invoice', [fetched<unknown>(invoice, at)]]]), ctx);
}

/**
 * A one-time charge, as Stripe documents it (docs.stripe.com/api/invoiceitems/create,
 * docs.stripe.com/invoicing/integration): `next_invoice` leaves a pending invoice item for the
 * customer's next invoice; `now` makes an invoice of its own (pending items of other charges are
 * excluded: they wait for the renewal they were meant for), adds the item to it, finalizes it and
 * pays it off-session with the card on file. Every request carries an idempotency key derived
 * from the customer and the client's requestId, so a double submit charges once.
 */
export async function chargeCustomer(ctx: HandlerContext, customerId: number, request: ChargeRequest, actor: SessionUser): Promise<ChargeResult> {
  const customer = await Customer.findByPk(customerId);
  if (!customer) throw new NotFoundError(`No customer with id ${customerId}`);
  if (customer.deleted) throw new ConflictError('This customer was deleted in Stripe');
  if (!customer.stripeCustomerId) throw new ConflictError('This customer is not in Stripe yet');
  const currency = await customerCurrency(customer);
  if (currency && currency !== request.currency) {
    throw new BadRequestError(`This customer is billed in ${currency.toUpperCase()}`, { currency: `must be ${currency}, the customer's currency` });
  }
  const key = `recur-charge-${customer.stripeCustomerId}-${request.requestId}`;
  const item = {
    customer: customer.stripeCustomerId,
    amount: request.amount,
    currency: request.currency,
    description: request.description,
    metadata: { recurRequestId: request.requestId },
  };
  const result = { when: request.when, amount: request.amount, currency: request.currency, description: request.description };

  if (request.when === 'next_invoice') {
    const pending = await stripeCall(ctx.stripe.invoiceItems.create(item, { idempotencyKey: `${key}-item` }));
    await ctx.db.write((transaction) =>
      audit(actor, { action: 'customer.charge', entityType: 'customer', entityId: customer.id, details: { ...result, invoiceItem: pending.id } }, transaction),
    );
    return { ...result, stripeInvoiceItemId: pending.id, stripeInvoiceId: null, invoiceId: null, status: 'pending' };
  }

  const paymentMethod = await defaultPaymentMethod(ctx, customer);
  const draft = await stripeCall(
    ctx.stripe.invoices.create(
      {
        customer: customer.stripeCustomerId,
        currency: request.currency,
        collection_method: 'charge_automatically',
        auto_advance: false,
        default_payment_method: paymentMethod,
        pending_invoice_items_behavior: 'exclude',
        description: request.description,
        metadata: { recurRequestId: request.requestId },
      },
      { idempotencyKey: `${key}-invoice` },
    ),
  );
  const added = await stripeCall(ctx.stripe.invoiceItems.create({ ...item, invoice: draft.id }, { idempotencyKey: `${key}-item` }));
  await stripeCall(ctx.stripe.invoices.finalizeInvoice(draft.id, { auto_advance: false }, { idempotencyKey: `${key}-finalize` }));
  let declined: PaymentRequiredError | null = null;
  try {
    await ctx.stripe.invoices.pay(draft.id, { off_session: true }, { idempotencyKey: `${key}-pay` });
  } catch (error) {
    const stripeError = error as Stripe.errors.StripeError;
    if (stripeError.code === 'invoice_payment_intent_requires_action') {
      declined = new PaymentRequiredError(
        'The bank asks the customer to confirm this payment (3D Secure); the invoice stays open for them to pay',
        draft.hosted_invoice_url ?? null,
      );
    } else if (stripeError.type === 'StripeCardError') {
      declined = new PaymentRequiredError(stripeError.message, null, stripeError.decline_code ?? stripeError.code ?? 'card_declined');
    } else throw refusalOf(error);
  }
  const invoice = await ctx.stripe.invoices.retrieve(draft.id);
  await mirrorInvoice(ctx, invoice);
  const local = await Invoice.findOne({ where: { stripeInvoiceId: invoice.id } });
  await ctx.db.write((transaction) =>
    audit(
      actor,
      {
        action: 'customer.charge',
        entityType: 'customer',
        entityId: customer.id,
        details: { ...result, invoiceItem: added.id, invoice: invoice.id, status: invoice.status, ...(declined ? { declined: declined.message } : {}) },
      },
      transaction,
    ),
  );
  if (declined) throw declined;
  return { ...result, stripeInvoiceItemId: added.id, stripeInvoiceId: invoice.id, invoiceId: local?.id ?? null, status: invoice.status ?? 'open' };
}
