import { Hono } from 'hono';
import type { EmulatorEnv } from './http/env';
import type { Clock } from './clock';
import type { Runtime } from './runtime';
import type { DeliveryPolicy } from './webhooks/dispatcher';
import { systemClock } from './clock';
import { Store } from './store';
import { ScopedClock } from './clock-scope';
import { mountBillingRoutes } from './billing-routes';
import { billingSettingsRoutes } from './billing-settings';
import { startScheduler } from './engine/scheduler';
import { EventBus } from './events/bus';
import { WebhookDispatcher, DEFAULT_DELIVERY_POLICY } from './webhooks/dispatcher';
import { StripeApiError } from './http/errors';
import { requestId } from './http/request-id';
import { rememberOrigin } from './hosted/urls';
import { auth } from './http/auth';
import { formParams } from './http/body';
import { idempotency } from './http/idempotency';
import { customerRoutes } from './resources/customers';
import { customerSourceRoutes } from './resources/customer-sources';
import { productRoutes } from './resources/products';
import { priceRoutes } from './resources/prices';
import { webhookEndpointRoutes } from './resources/webhook-endpoints';
import { checkoutSessionRoutes } from './resources/checkout-sessions';
import { subscriptionRoutes } from './resources/subscriptions';
import { invoiceRoutes } from './resources/invoices';
import { chargeRoutes, invoicePaymentRoutes, paymentIntentRoutes, paymentMethodRoutes } from './resources/payments';
import { eventRoutes } from './resources/events';
import { planRoutes } from './resources/plans';
import { setupIntentRoutes } from './resources/setup-intents';
import { checkoutPageRoutes } from './checkout/routes';
import { controlRoutes } from './control';
import { FaultState } from './faults/state';
import { apiFaults } from './faults/api-faults';
import { Persister } from './persistence/persister';
import { saveAfterWrites } from './persistence/middleware';

export interface AppOptions {
  clock?: Clock;
  log?: (line: string) => void;
  /** Base URL for hosted-page links; by default the origin each API request came in on. */
  publicUrl?: string;
  webhooks?: Partial<DeliveryPolicy>;
  /** JSON file the state is loaded from at start (if it exists) and saved to after changes and on close. */
  dataFile?: string;
}

export interface EmulatorApp {
  app: Hono<EmulatorEnv>;
  runtime: Runtime;
  /** Stops webhook deliveries and retries. */
  shutdown(): void;
}

export function createEmulatorApp(opts: AppOptions = {}): EmulatorApp {
  const store = new Store();
  const clock = new ScopedClock(opts.clock ?? systemClock);
  const log = opts.log ?? (() => {});
  const bus = new EventBus(store, clock);
  const runtime: Runtime = { store, clock, time: clock, bus, log, publicUrl: opts.publicUrl ?? null, requestOrigin: null };
  // Ops side: persistence loads before anything else runs; faults start empty.
  const persister = opts.dataFile ? new Persister(store, opts.dataFile, log) : null;
  persister?.load();
  const markDirty = () => persister?.markDirty();
  const faults = new FaultState();
  const dispatcher = new WebhookDispatcher(store, { ...DEFAULT_DELIVERY_POLICY, ...opts.webhooks }, log, faults, markDirty);
  bus.subscribe(markDirty);
  bus.subscribe((event) => dispatcher.enqueue(event));
  const stopScheduler = startScheduler(runtime);

  const app = new Hono<EmulatorEnv>();
  app.use('*', requestId);
  app.use('*', rememberOrigin(runtime));
  if (persister) app.use('*', saveAfterWrites(persister));
  app.onError((err, c) => {
    if (err instanceof StripeApiError) {
      c.header('Stripe-Should-Retry', 'false');
      return c.json({ error: err.body }, err.status);
    }
    log(`internal error on ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
    return c.json({ error: { type: 'api_error', message: 'An unexpected error occurred in the emulator.' } }, 500);
  });
  app.notFound((c) =>
    c.json(
      {
        error: {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${c.req.method}: ${c.req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        },
      },
      404,
    ),
  );

  const v1 = new Hono<EmulatorEnv>();
  v1.use('*', apiFaults(faults));
  v1.use('*', auth, formParams, idempotency(store));
  v1.route('/customers', customerSourceRoutes(runtime));
  v1.route('/customers', customerRoutes(runtime));
  v1.route('/products', productRoutes(runtime));
  v1.route('/prices', priceRoutes(runtime));
  v1.route('/plans', planRoutes(runtime));
  v1.route('/webhook_endpoints', webhookEndpointRoutes(runtime));
  v1.route('/checkout/sessions', checkoutSessionRoutes(runtime));
  v1.route('/subscriptions', subscriptionRoutes(runtime));
  v1.route('/invoices', invoiceRoutes(runtime));
  v1.route('/invoice_payments', invoicePaymentRoutes(runtime));
  v1.route('/payment_intents', paymentIntentRoutes(runtime));
  v1.route('/charges', chargeRoutes(runtime));
  v1.route('/payment_methods', paymentMethodRoutes(runtime));
  v1.route('/setup_intents', setupIntentRoutes(runtime));
  v1.route('/events', eventRoutes(runtime));
  mountBillingRoutes(v1, runtime);
  app.route('/v1', v1);
  app.route('/c/pay', checkoutPageRoutes(runtime));
  app.route('/_emulator/settings', billingSettingsRoutes(runtime));
  app.route('/_emulator', controlRoutes(runtime, dispatcher, faults));

  return {
    app,
    runtime,
    shutdown: () => {
      stopScheduler();
      dispatcher.close();
      persister?.close();
    },
  };
}
