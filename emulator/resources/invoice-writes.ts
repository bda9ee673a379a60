import type Stripe from 'stripe';
import type { Hono } from 'hono';
import type { EmulatorEnv } from '../http/env';
import type { Runtime } from '../runtime';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { badRequest, noSuchResource } from '../http/errors';
import { sendObject } from '../http/respond';
import { requireCustomer } from './customers';
import { readDiscounts } from './discount-params';
import { checkSubscriptionCurrency, readItems, readProrationBehavior } from './subscription-params';
import { idOf } from '../refs';
import { previousAttributes } from '../diff';
import { withCustomerTime } from '../billing/customers/customer-time';
import { draftInvoice } from '../billing/invoices/invoice';
import { invoiceItemLine } from '../billing/invoices/lines';
import { takePendingItems } from '../billing/invoices/invoice-items';
import { collectInvoice, finalizeInvoice, insertDraft } from '../billing/invoices/invoice-flow';
import { markUncollectible, voidInvoice } from '../billing/invoices/invoice-status';
import { customerPaymentMethod } from '../billing/payments/payment-method';
import { cardError, requiresActionError } from '../billing/payments/cards/errors';
import { previewInvoice } from '../billing/invoices/preview';
import { redeem } from '../billing/invoices/discounts';
import { newId } from '../ids';

export function requireInvoice(rt: Runtime, id: string): Stripe.Invoice {
  const invoice = rt.store.invoices.get(id);
  if (!invoice) throw noSuchResource('invoice', id);
  return invoice;
}

function requireStatus(invoice: Stripe.Invoice, allowed: Stripe.Invoice.Status[], action: string): void {
  if (invoice.status !== null && allowed.includes(invoice.status)) return;
  if (invoice.status === 'paid' && action === 'pay') throw badRequest('Invoice is already paid.');
  throw badRequest(`You can only ${action} an invoice with a status of ${allowed.join(' or ')} (this one is ${invoice.status}).`);
}

/** Writes on /v1/invoices: create, update, finalize, pay, send, void, mark_uncollectible, delete, create_preview. */
export function mountInvoiceWrites(app: Hono<EmulatorEnv>, rt: Runtime): void {
  app.post('/create_preview', (c) => {
    const p = paramsOf(c);
    const customerId = p.string('customer');
    const subId = p.string('subscription');
    const details = p.object('subscription_details');
    const items = details ? readItems(rt, details) : undefined;
    const prorationDate = details?.integer('proration_date');
    const prorationBehavior = details ? readProrationBehavior(details) : 'create_prorations';
    const anchor = details?.oneOf('billing_cycle_anchor', ['now', 'unchanged']);
    const expand = p.stringArray('expand') ?? [];
    p.object('automatic_tax')?.boolean('enabled');
    p.done();
    const sub = subId ? rt.store.subscriptions.get(subId) : undefined;
    if (subId && !sub) throw noSuchResource('subscription', subId, 'subscription');
    // A preview of an update Stripe would refuse is refused the same way.
    if (sub && items)
      checkSubscriptionCurrency(
        sub,
        items.map((i, n) => ({ param: `subscription_details[items][${n}][price]`, price: i.price })),
      );
    const customer = requireCustomer(rt, customerId ?? idOf(sub?.customer ?? null) ?? '', 'customer');
    const plan = items || anchor === 'now' ? { items: items ?? [], prorationBehavior, prorationDate: prorationDate ?? null, billingCycleAnchor: anchor } : null;
    const preview = withCustomerTime(rt, customer, () => previewInvoice(rt, { customer, subscription: sub ?? null, plan }));
    return sendObject(c, rt.store, preview, expand);
  });

  app.post('/', (c) => {
    const p = paramsOf(c);
    const customer = requireCustomer(rt, p.requiredString('customer'), 'customer');
    const subId = p.string('subscription');
    const sub = subId ? rt.store.subscriptions.get(subId) : undefined;
    if (subId && !sub) throw noSuchResource('subscription', subId, 'subscription');
    const include = p.oneOf('pending_invoice_items_behavior', ['include', 'exclude']) === 'include';
    const autoAdvance = p.boolean('auto_advance');
    const collectionMethod = p.oneOf('collection_method', ['charge_automatically', 'send_invoice']) ?? 'charge_automatically';
    const daysUntilDue = p.integer('days_until_due', { min: 0 });
    const description = p.string('description') ?? null;
    const metadata = p.metadata() ?? {};
    const coupons = readDiscounts(rt, p) ?? [];
    const currency = p.string('currency');
    const defaultPm = p.string('default_payment_method');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const origin = originOf(c);
    const invoice = withCustomerTime(rt, customer, () => {
      const id = newId('in');
      const items = include ? takePendingItems(rt, customer.id, sub?.id ?? null, id) : [];
      const discounts = coupons.map((ref) => redeem(rt, ref, { customer: customer.id, invoice: id }, origin).id);
      const now = rt.clock.now();
      const pm = defaultPm ? customerPaymentMethod(rt, defaultPm, customer.id, 'default_payment_method', origin).id : null;
      const draft = draftInvoice(rt, {
        id,
        customer,
        subscription: sub ?? null,
        reason: sub ? 'subscription' : 'manual',
        lines: items.map((ii) => invoiceItemLine(id, ii)),
        discounts,
        currency: currency ?? items[0]?.currency ?? sub?.currency ?? 'usd',
        period: { start: now, end: now },
        collectionMethod,
        autoAdvance: autoAdvance ?? false,
        description,
        metadata,
        defaultPaymentMethod: pm,
        daysUntilDue: daysUntilDue ?? null,
      });
      return insertDraft(rt, draft, origin);
    });
    return sendObject(c, rt.store, invoice, expand);
  });

  app.post('/:id', (c) => {
    const p = paramsOf(c);
    const invoice = requireInvoice(rt, c.req.param('id'));
    const description = p.nullableString('description');
    const metadata = p.metadata();
    const autoAdvance = p.boolean('auto_advance');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const next: Stripe.Invoice = {
      ...invoice,
      description: description === undefined ? invoice.description : description,
      metadata: mergeMetadata(invoice.metadata ?? {}, metadata),
      auto_advance: autoAdvance ?? invoice.auto_advance,
    };
    rt.store.invoices.replace(next);
    const previous = previousAttributes(invoice, next);
    if (previous) rt.bus.publish({ type: 'invoice.updated', data: { object: next, previous_attributes: previous } }, originOf(c));
    return sendObject(c, rt.store, next, expand);
  });

  app.delete('/:id', (c) => {
    paramsOf(c).done();
    const invoice = requireInvoice(rt, c.req.param('id'));
    requireStatus(invoice, ['draft'], 'delete');
    rt.store.invoices.remove(invoice.id);
    rt.bus.publish({ type: 'invoice.deleted', data: { object: invoice } }, originOf(c));
    const deleted: Stripe.DeletedInvoice = { id: invoice.id, object: 'invoice', deleted: true };
    return c.json(deleted);
  });

  app.post('/:id/finalize', (c) => {
    const p = paramsOf(c);
    p.boolean('auto_advance');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const invoice = requireInvoice(rt, c.req.param('id'));
    requireStatus(invoice, ['draft'], 'finalize');
    const done = withCustomerTime(rt, idOf(invoice.customer), () => finalizeInvoice(rt, invoice, originOf(c)));
    return sendObject(c, rt.store, done, expand);
  });

  app.post('/:id/pay', (c) => {
    const p = paramsOf(c);
    const pmId = p.string('payment_method');
    const outOfBand = p.boolean('paid_out_of_band') ?? false;
    // "Defaults to true (off-session)" (API reference, Pay an invoice).
    const offSession = p.boolean('off_session') ?? true;
    p.boolean('forgive');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    let invoice = requireInvoice(rt, c.req.param('id'));
    requireStatus(invoice, ['open', 'draft', 'uncollectible'], 'pay');
    const origin = originOf(c);
    const customerId = idOf(invoice.customer) ?? '';
    const result = withCustomerTime(rt, customerId, () => {
      if (invoice.status === 'draft') invoice = finalizeInvoice(rt, invoice, origin);
      if (invoice.status === 'paid') return { invoice, failure: null };
      if (outOfBand) {
        const paid = rt.store.invoices.replace({
          ...invoice,
          status: 'paid',
          amount_paid: 0,
          amount_remaining: 0,
          next_payment_attempt: null,
          status_transitions: { ...invoice.status_transitions, paid_at: rt.clock.now() },
        });
        rt.bus.publish({ type: 'invoice.paid', data: { object: paid } }, origin);
        return { invoice: paid, failure: null };
      }
      const pm = pmId ? customerPaymentMethod(rt, pmId, customerId, 'payment_method', origin) : undefined;
      return collectInvoice(rt, invoice, origin, { automatic: false, paymentMethod: pm, offSession });
    });
    if (result.failure) {
      if (result.failure.requiresAction) throw requiresActionError();
      if (result.failure.decline) throw cardError(result.failure.decline);
      throw badRequest('This customer has no attached payment source or default payment method.', 'payment_method');
    }
    return sendObject(c, rt.store, result.invoice, expand);
  });

  // "Send an invoice for manual payment" (API reference): a draft is finalized first; "requests made
  // in test-mode result in no emails being sent, despite sending an invoice.sent event".
  app.post('/:id/send', (c) => {
    const p = paramsOf(c);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const invoice = requireInvoice(rt, c.req.param('id'));
    if (invoice.collection_method !== 'send_invoice') {
      throw badRequest("You can only manually send an invoice if its collection method is 'send_invoice'.");
    }
    requireStatus(invoice, ['draft', 'open', 'paid', 'uncollectible'], 'send');
    const origin = originOf(c);
    const sent = withCustomerTime(rt, idOf(invoice.customer), () => {
      const open = invoice.status === 'draft' ? finalizeInvoice(rt, invoice, origin) : invoice;
      rt.bus.publish({ type: 'invoice.sent', data: { object: open } }, origin);
      return open;
    });
    return sendObject(c, rt.store, sent, expand);
  });

  app.post('/:id/void', (c) => {
    const p = paramsOf(c);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const invoice = requireInvoice(rt, c.req.param('id'));
    requireStatus(invoice, ['open', 'uncollectible'], 'void');
    return sendObject(
      c,
      rt.store,
      withCustomerTime(rt, idOf(invoice.customer), () => voidInvoice(rt, invoice, originOf(c))),
      expand,
    );
  });

  app.post('/:id/mark_uncollectible', (c) => {
    const p = paramsOf(c);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const invoice = requireInvoice(rt, c.req.param('id'));
    requireStatus(invoice, ['open'], 'mark uncollectible');
    return sendObject(
      c,
      rt.store,
      withCustomerTime(rt, idOf(invoice.customer), () => markUncollectible(rt, invoice, originOf(c))),
      expand,
    );
  });
}
