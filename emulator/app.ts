import type Stripe from 'stripe';
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
import { authenticationRoutes } from './hosted/authentication-routes';
import { hostedInvoiceRoutes } from './hosted/invoice-routes';
import { auth } from './http/auth';
import { formParams } from './http/body';
import { idempotency } from './http/idempotency';
import { stripeVersion } from './http/stripe-version';
import { renderForVersion, storePaymentLookup } from './events/versions';
import { isApiVersion, PINNED_API_VERSION } from './events/api-versions';
import { customerRoutes } from './resources/customers';
import { customerSourceRoutes } from './resources/customer-sources';
import { productRoutes } from './resources/products';
import { priceRoutes } from './resources/prices';
import { webhookEndpointRoutes } from './resources/webhook-endpoints';
import { checkoutSessionRoutes } from './resources/checkout-sessions';
import { subscriptionRoutes } from './resources/subscriptions';
import { subscriptionScheduleRoutes } from './resources/subscription-schedules';
import { invoiceRoutes } from './resources/invoices';
import { chargeRoutes, invoicePaymentRoutes, paymentIntentRoutes, paymentMethodRoutes } from './resources/payments';
import { eventRoutes } from './resources/events';
import { planRoutes } from './resources/plans';
import { setupIntentRoutes } from './resources/setup-intents';
import { checkoutPageRoutes } from './checkout/routes';
import { controlRoutes } from './control';
import { FaultState } from './faults/state';
import { apiFaults, apiLatency } from './faults/api-faults';
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
  /** The account's default API version (EMULATOR_API_VERSION); defaults to the SDK's pinned version. */
  apiVersion?: string;
}

export interface EmulatorApp {
  app: Hono<EmulatorEnv>;
  runtime: Runtime;
  /** Stops webhook deliveries and retries. */
  shutdown(): void;
}

/** A default the account could not have is a setup mistake, so it stops the start rather than a request. */
function accountApiVersion(requested: string | undefined): string {
  if (requested === undefined || requested === '') return PINNED_API_VERSION;
  if (!isApiVersion(requested)) throw new Error(`Unknown Stripe API version for the emulator's account default: ${requested}`);
  return requested;
}

export function createEmulatorApp(opts: AppOptions = {}): EmulatorApp {
  const store = new Store();
  const clock = new ScopedClock(opts.clock ?? systemClock);
  const log = opts.log ?? (() => {});
  const apiVersion = accountApiVersion(opts.apiVersion);
  const bus = new EventBus(store, clock, apiVersion);
  const runtime: Runtime = { store, clock, time: clock, bus, apiVersion, log, publicUrl: opts.publicUrl ?? null, requestOrigin: null };
  // Ops side: persistence loads before anything else runs; faults start empty.
  const persister = opts.dataFile ? new Persister(store, opts.dataFile, log) : null;
  persister?.load();
  const markDirty = () => persister?.markDirty();
  const faults = new FaultState();
  const payments = storePaymentLookup(store);
  // An endpoint without its own version gets the account default (Stripe's webhook versioning guide).
  const render = (event: Stripe.Event, endpoint: Stripe.WebhookEndpoint) => renderForVersion(event, endpoint.api_version ?? apiVersion, payments);
  const dispatcher = new WebhookDispatcher(store, { ...DEFAULT_DELIVERY_POLICY, ...opts.webhooks }, log, faults, markDirty, render);
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
  // Before idempotency: Stripe saves no idempotent result for a request refused before it runs.
  v1.use('*', stripeVersion(apiVersion));
  v1.use('*', auth, formParams, idempotency(store, clock), apiLatency(faults));
  v1.route('/customers', customerSourceRoutes(runtime));
  v1.route('/customers', customerRoutes(runtime));
  v1.route('/products', productRoutes(runtime));
  v1.route('/prices', priceRoutes(runtime));
  v1.route('/plans', planRoutes(runtime));
  v1.route('/webhook_endpoints', webhookEndpointRoutes(runtime));
  v1.route('/checkout/sessions', checkoutSessionRoutes(runtime));
  v1.route('/subscriptions', subscriptionRoutes(runtime));
  v1.route('/subscription_schedules', subscriptionScheduleRoutes(runtime));
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
  app.route('/3ds', authenticationRoutes(runtime));
  app.route('/i', hostedInvoiceRoutes(runtime));
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
