import type Stripe from 'stripe';
import type { Store } from '../store';

/**
 * Test-only seeding (never reached from the API, nor from anything Recur runs against Stripe): fills
 * a store with many customers, each with a subscription and its invoices, in a second or so per
 * 100,000, for benchmarks and tests of long listings. Each object is a copy of a template made
 * through the emulator's own API (so it has every field Stripe gives), with its own id, times and
 * references; nested parts nothing reads apart (invoice lines, settings) are shared, as the store
 * replaces objects and never edits them in place.
 */
export interface BackfillTemplates {
  customer: Stripe.Customer;
  subscription: Stripe.Subscription;
  /** a paid invoice of `subscription` */
  invoice: Stripe.Invoice;
}

export interface BackfillSeed {
  customers: number;
  invoicesPerCustomer: number;
  /** ids are `cus_<prefix><n>`, `sub_<prefix><n>`, `in_<prefix><n>_<k>` */
  prefix?: string;
}

export interface Seeded {
  customers: number;
  subscriptions: number;
  invoices: number;
}

/** Pads a number so ids of one run sort like their creation order. */
const padded = (n: number) => String(n).padStart(7, '0');

export function seedBackfill(store: Store, templates: BackfillTemplates, { customers, invoicesPerCustomer, prefix = 'bf' }: BackfillSeed): Seeded {
  const { customer, subscription, invoice } = templates;
  const item = subscription.items.data[0]!;
  // Customers joined over one month, invoicesPerCustomer months before the template was made; each
  // subscription started with its customer and was invoiced monthly since, so creation order is id order.
  const month = 30 * 86_400;
  const spacing = Math.max(1, Math.floor((month - 60) / Math.max(customers, 1)));
  const start = customer.created - (invoicesPerCustomer + 1) * month;
  let invoices = 0;
  for (let i = 0; i < customers; i++) {
    const n = padded(i);
    const customerId = `cus_${prefix}${n}`;
    const created = start + i * spacing;
    store.customers.insert({ ...customer, id: customerId, created, email: `customer${i}@backfill.test`, name: `Customer ${i}` });
  }
  for (let i = 0; i < customers; i++) {
    const n = padded(i);
    const subscriptionId = `sub_${prefix}${n}`;
    const created = start + i * spacing + 1;
    // Every tenth has ended; the rest renew with the template (a period ahead, so nothing falls due while a bench runs).
    const canceled = i % 10 === 9;
    store.subscriptions.insert({
      ...subscription,
      id: subscriptionId,
      customer: `cus_${prefix}${n}`,
      created,
      start_date: created,
      status: canceled ? 'canceled' : 'active',
      canceled_at: canceled ? created + month : null,
      ended_at: canceled ? created + month : null,
      latest_invoice: `in_${prefix}${n}_${invoicesPerCustomer - 1}`,
      items: { ...subscription.items, data: [{ ...item, id: `si_${prefix}${n}`, subscription: subscriptionId, quantity: 1 + (i % 3) }] },
    });
  }
  // Invoices in the order they were made: the k-th of every customer, month after month.
  for (let k = 0; k < invoicesPerCustomer; k++) {
    for (let i = 0; i < customers; i++) {
      const n = padded(i);
      const created = start + i * spacing + 2 + k * month;
      const amount = invoice.amount_due * (1 + (i % 3));
      store.invoices.insert({
        ...invoice,
        id: `in_${prefix}${n}_${k}`,
        number: `BF${n}-${k + 1}`,
        customer: `cus_${prefix}${n}`,
        customer_email: `customer${i}@backfill.test`,
        created,
        period_start: created,
        period_end: created,
        amount_due: amount,
        amount_paid: amount,
        subtotal: amount,
        total: amount,
        status_transitions: { ...invoice.status_transitions, finalized_at: created, paid_at: created },
        billing_reason: k === 0 ? 'subscription_create' : 'subscription_cycle',
        parent: invoice.parent && {
          ...invoice.parent,
          subscription_details: invoice.parent.subscription_details && { ...invoice.parent.subscription_details, subscription: `sub_${prefix}${n}` },
        },
      });
      invoices++;
    }
  }
  return { customers, subscriptions: customers, invoices };
}

/** One request the seeded emulator served: `GET /v1/invoices?starting_after=…` is `{ path: '/v1/invoices', after: '…' }`. */
export interface ServedRequest {
  method: string;
  path: string;
  after: string | null;
  status: number;
}

export interface SeededEmulator {
  url: string;
  port: number;
  store: Store;
  seeded: Seeded;
  /** every API request served since the seeding, in order */
  served: ServedRequest[];
  close(): Promise<void>;
}

/**
 * An emulator on a free port, seeded with `seed` (see seedBackfill), counting the API requests it
 * serves. The templates are made through its own HTTP API with the official SDK, as Recur would
 * make them; the copies go into the store directly.
 */
export async function startSeededEmulator(seed: BackfillSeed): Promise<SeededEmulator> {
  const { serve } = await import('@hono/node-server');
  const { default: StripeSdk } = await import('stripe');
  const { createEmulatorApp } = await import('../app');
  const { app, runtime, shutdown } = createEmulatorApp({});
  const served: ServedRequest[] = [];
  let counting = false;
  const server = serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (request: Request) => {
      const response = await app.fetch(request);
      if (counting) {
        const url = new URL(request.url);
        if (url.pathname.startsWith('/v1/'))
          served.push({ method: request.method, path: url.pathname, after: url.searchParams.get('starting_after'), status: response.status });
      }
      return response;
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('listening', () => resolve((server.address() as { port: number }).port));
    server.once('error', reject);
  });
  const url = `http://127.0.0.1:${port}`;
  const stripe = new StripeSdk('sk_test_backfill_seed', { host: '127.0.0.1', port, protocol: 'http' });
  const product = await stripe.products.create({ name: 'Backfill Gold' });
  const price = await stripe.prices.create({ product: product.id, unit_amount: 1900, currency: 'usd', recurring: { interval: 'month' } });
  const template = await stripe.customers.create({
    email: 'template@backfill.test',
    payment_method: 'pm_card_visa',
    invoice_settings: { default_payment_method: 'pm_card_visa' },
  });
  const subscription = await stripe.subscriptions.create({ customer: template.id, items: [{ price: price.id }] });
  const templates: BackfillTemplates = {
    customer: runtime.store.customers.get(template.id)!,
    subscription: runtime.store.subscriptions.get(subscription.id)!,
    invoice: runtime.store.invoices.get(subscription.latest_invoice as string)!,
  };
  // The template's own objects go: the seeded account holds the copies only.
  for (const collection of [runtime.store.customers, runtime.store.subscriptions, runtime.store.invoices] as const) collection.clear();
  const seeded = seedBackfill(runtime.store, templates, seed);
  counting = true;
  return {
    url,
    port,
    store: runtime.store,
    seeded,
    served,
    close: () =>
      new Promise<void>((resolve, reject) => {
        shutdown();
        server.close((error) => (error ? reject(error) : resolve()));
        if ('closeAllConnections' in server) (server as { closeAllConnections(): void }).closeAllConnections();
      }),
  };
}
