import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import { eq, readRoutes } from '../http/read-routes';
import { paramsOf } from '../http/env';
import { noSuchResource } from '../http/errors';
import { paginate, readPageRequest } from '../http/pagination';
import { sendList } from '../http/respond';
import { mountInvoiceWrites } from './invoice-writes';
import { idOf, subscriptionOfInvoice } from '../refs';

export function invoiceRoutes(rt: Runtime) {
  const app = readRoutes<Stripe.Invoice>(rt, {
    collection: (r) => r.store.invoices,
    kind: 'invoice',
    url: '/v1/invoices',
    filters: (p) => {
      const customer = p.string('customer');
      const subscription = p.string('subscription');
      const status = p.oneOf('status', ['draft', 'open', 'paid', 'uncollectible', 'void']);
      const method = p.oneOf('collection_method', ['charge_automatically', 'send_invoice']);
      return [
        eq(customer, (i) => idOf(i.customer)),
        eq(subscription, subscriptionOfInvoice),
        eq(status, (i) => i.status),
        eq(method, (i) => i.collection_method),
      ];
    },
  });

  app.get('/:id/lines', (c) => {
    const p = paramsOf(c);
    const page = readPageRequest(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const invoice = rt.store.invoices.get(c.req.param('id'));
    if (!invoice) throw noSuchResource('invoice', c.req.param('id'));
    // Lines are listed in invoice order, not newest first.
    const list = paginate(invoice.lines.data, page, `/v1/invoices/${invoice.id}/lines`, 'line item');
    return sendList(c, rt.store, list, expand);
  });

  mountInvoiceWrites(app, rt);
  return app;
}
