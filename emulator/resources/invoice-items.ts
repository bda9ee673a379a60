import type Stripe from 'stripe';
import { Hono } from 'hono';
import type { EmulatorEnv } from '../http/env';
import type { Runtime } from '../runtime';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { badRequest, missingParam, noSuchResource } from '../http/errors';
import { paginate, readCreatedFilter, readPageRequest } from '../http/pagination';
import { sendList, sendObject } from '../http/respond';
import { requireCustomer } from './customers';
import { requirePrice } from './prices';
import { idOf } from '../refs';
import { withCustomerTime } from '../billing/customers/customer-time';
import { addInvoiceItem, buildInvoiceItem, dropPendingItem } from '../billing/invoices/invoice-items';
import { invoiceItemLine } from '../billing/invoices/lines';
import { withLines } from '../billing/invoices/invoice';

function requireItem(rt: Runtime, id: string): Stripe.InvoiceItem {
  const item = rt.store.invoiceItems.get(id);
  if (!item) throw noSuchResource('invoiceitem', id);
  return item;
}

function discountIds(invoice: Stripe.Invoice): string[] {
  return invoice.discounts.map((d) => (typeof d === 'string' ? d : d.id));
}

/** Re-totals a draft invoice after one of its items was added, changed or removed. */
function refreshDraft(rt: Runtime, invoiceId: string): void {
  const invoice = rt.store.invoices.get(invoiceId);
  if (invoice?.status !== 'draft') return;
  const items = [...rt.store.invoiceItems.values()].filter((ii) => ii.invoice === invoiceId);
  // Lines that came from items are rebuilt from the items; the rest (subscription periods) stay.
  const kept = invoice.lines.data.filter(
    (l) => (l.parent?.invoice_item_details?.invoice_item ?? l.parent?.subscription_item_details?.invoice_item ?? null) === null,
  );
  rt.store.invoices.replace(withLines(rt, invoice, [...kept, ...items.map((ii) => invoiceItemLine(invoiceId, ii))], discountIds(invoice)));
}

/** /v1/invoiceitems: one-off charges and credits waiting for (or added to) a draft invoice. */
export function invoiceItemRoutes(rt: Runtime): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  app.post('/', (c) => {
    const p = paramsOf(c);
    const customer = requireCustomer(rt, p.requiredString('customer'), 'customer');
    const priceId = p.string('price');
    const pricing = p.object('pricing');
    const pricingPrice = pricing?.string('price');
    const price = priceId || pricingPrice ? requirePrice(rt, priceId ?? pricingPrice ?? '', priceId ? 'price' : 'pricing[price]') : undefined;
    const quantity = p.integer('quantity', { min: 0 }) ?? 1;
    const amountParam = p.integer('amount');
    const unitAmount = p.integer('unit_amount');
    const currency = p.string('currency')?.toLowerCase() ?? price?.currency;
    const invoiceId = p.string('invoice');
    const subId = p.string('subscription');
    const period = p.object('period');
    const start = period?.integer('start');
    const end = period?.integer('end');
    const description = p.string('description');
    const discountable = p.boolean('discountable');
    const metadata = p.metadata() ?? {};
    const expand = p.stringArray('expand') ?? [];
    p.done();
    if (!currency) throw missingParam('currency');
    const amount = amountParam ?? (price?.unit_amount ?? unitAmount ?? 0) * quantity;
    if (amountParam === undefined && !price && unitAmount === undefined) throw missingParam('amount');
    const invoice = invoiceId ? rt.store.invoices.get(invoiceId) : undefined;
    if (invoiceId && !invoice) throw noSuchResource('invoice', invoiceId, 'invoice');
    if (invoice && invoice.status !== 'draft') throw badRequest('You can only add invoice items to draft invoices.', 'invoice');
    const item = withCustomerTime(rt, customer, () => {
      const now = rt.clock.now();
      const built = buildInvoiceItem(rt, {
        customer,
        amount,
        currency,
        description: description ?? null,
        period: { start: start ?? now, end: end ?? start ?? now },
        price,
        quantity,
        subscription: subId ?? null,
        discountable,
        metadata,
        invoice: invoiceId ?? null,
      });
      return addInvoiceItem(rt, built, originOf(c));
    });
    if (invoiceId) refreshDraft(rt, invoiceId);
    return sendObject(c, rt.store, item, expand);
  });

  app.get('/', (c) => {
    const p = paramsOf(c);
    const page = readPageRequest(p);
    const customer = p.string('customer');
    const invoice = p.string('invoice');
    const pending = p.boolean('pending');
    const created = readCreatedFilter(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const items = [...rt.store.invoiceItems.values()]
      .reverse()
      .filter(
        (ii) =>
          (customer === undefined || idOf(ii.customer) === customer) &&
          (invoice === undefined || idOf(ii.invoice) === invoice) &&
          (pending === undefined || (ii.invoice === null) === pending) &&
          (!created || created(ii.date)),
      );
    return sendList(c, rt.store, paginate(items, page, '/v1/invoiceitems', 'invoiceitem'), expand);
  });

  app.get('/:id', (c) => {
    const p = paramsOf(c);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    return sendObject(c, rt.store, requireItem(rt, c.req.param('id')), expand);
  });

  app.post('/:id', (c) => {
    const p = paramsOf(c);
    const item = requireItem(rt, c.req.param('id'));
    const amount = p.integer('amount');
    const description = p.string('description');
    const metadata = p.metadata();
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const invoice = item.invoice ? rt.store.invoices.get(idOf(item.invoice) ?? '') : undefined;
    if (invoice && invoice.status !== 'draft') throw badRequest('This invoice item is on a finalized invoice and can no longer be changed.');
    const next: Stripe.InvoiceItem = {
      ...item,
      amount: amount ?? item.amount,
      description: description ?? item.description,
      metadata: mergeMetadata(item.metadata ?? {}, metadata),
    };
    rt.store.invoiceItems.set(item.id, next);
    if (invoice) refreshDraft(rt, invoice.id);
    return sendObject(c, rt.store, next, expand);
  });

  app.delete('/:id', (c) => {
    paramsOf(c).done();
    const item = requireItem(rt, c.req.param('id'));
    const invoiceId = idOf(item.invoice);
    const invoice = invoiceId ? rt.store.invoices.get(invoiceId) : undefined;
    if (invoice && invoice.status !== 'draft') throw badRequest('This invoice item is on a finalized invoice and cannot be deleted.');
    rt.store.invoiceItems.delete(item.id);
    dropPendingItem(rt, item);
    if (invoice) refreshDraft(rt, invoice.id);
    rt.bus.publish({ type: 'invoiceitem.deleted', data: { object: item } }, originOf(c));
    const deleted: Stripe.DeletedInvoiceItem = { id: item.id, object: 'invoiceitem', deleted: true };
    return c.json(deleted);
  });

  return app;
}
