import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { Params } from '../http/params';
import type { EventOrigin } from '../events/bus';
import { eq, readRoutes } from '../http/read-routes';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { badRequest, noSuchResource } from '../http/errors';
import { sendObject } from '../http/respond';
import { idOf } from '../refs';
import { requireCustomer } from './customers';
import { withCustomerTime } from '../billing/customers/customer-time';
import { readMethodChoice } from './payment-intent-params';
import {
  assertConfirmable,
  checkSetupReturnUrl,
  confirmSetupIntent,
  createSetupIntent,
  replaceSetupIntent,
  resolvePaymentMethod,
} from '../billing/payments/setup-intent';

function requireSetupIntent(rt: Runtime, id: string): Stripe.SetupIntent {
  const si = rt.store.setupIntents.get(id);
  if (!si) throw noSuchResource('setup_intent', id, 'intent');
  return si;
}

/** A payment method for this intent; one already attached to someone else is refused. */
function paymentMethodFor(rt: Runtime, id: string | undefined, customer: string | null): string | null | undefined {
  if (id === undefined) return undefined;
  const pm = resolvePaymentMethod(rt, id, 'payment_method');
  if (pm.customer !== null && pm.customer !== customer) {
    throw badRequest(`The payment method \`${id}\` belongs to a different customer.`, 'payment_method');
  }
  return pm.id;
}

/** Everything that must be settled once the intent is confirmed, on the customer's clock. */
function confirm(rt: Runtime, si: Stripe.SetupIntent, origin: EventOrigin, returnUrl: string | undefined): Stripe.SetupIntent {
  return withCustomerTime(rt, idOf(si.customer), () => confirmSetupIntent(rt, si, origin, { returnUrl: returnUrl ?? null }));
}

function readUsage(p: Params): 'off_session' | 'on_session' | undefined {
  return p.oneOf('usage', ['off_session', 'on_session']);
}

/** /v1/setup_intents: save a card for later, optionally on a customer; confirm verifies and attaches it. */
export function setupIntentRoutes(rt: Runtime) {
  const app = readRoutes<Stripe.SetupIntent>(rt, {
    collection: (r) => r.store.setupIntents,
    kind: 'setup_intent',
    url: '/v1/setup_intents',
    filters: (p) => [eq(p.string('customer'), (si) => idOf(si.customer)), eq(p.string('payment_method'), (si) => idOf(si.payment_method))],
  });

  app.post('/', (c) => {
    const p = paramsOf(c);
    const customerId = p.string('customer');
    const customer = customerId ? requireCustomer(rt, customerId, 'customer') : null;
    const pmId = p.string('payment_method');
    const shouldConfirm = p.boolean('confirm') ?? false;
    const methods = readMethodChoice(p, true) ?? { allowed: null, automatic: null };
    const input = {
      metadata: p.metadata() ?? {},
      description: p.string('description') ?? null,
      usage: readUsage(p) ?? 'off_session',
      allowedPaymentMethodTypes: methods.allowed,
      automaticPaymentMethods: methods.automatic,
    };
    const returnUrl = p.string('return_url');
    if (returnUrl !== undefined && !shouldConfirm) throw badRequest('You can only pass in `return_url` when `confirm` is set to `true`.', 'return_url');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const origin = originOf(c);
    const paymentMethod = paymentMethodFor(rt, pmId, customer?.id ?? null) ?? null;
    if (shouldConfirm) checkSetupReturnUrl({ automatic_payment_methods: input.automaticPaymentMethods }, returnUrl);
    const si = withCustomerTime(rt, customer, () => createSetupIntent(rt, { ...input, customer: customer?.id ?? null, paymentMethod }, origin));
    return sendObject(c, rt.store, shouldConfirm ? confirm(rt, si, origin, returnUrl) : si, expand);
  });

  app.post('/:id', (c) => {
    const p = paramsOf(c);
    const si = requireSetupIntent(rt, c.req.param('id'));
    const customerId = p.string('customer');
    const pmId = p.string('payment_method');
    const metadata = p.metadata();
    const description = p.string('description');
    readMethodChoice(p, false);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    if (si.status === 'succeeded' || si.status === 'canceled') {
      throw badRequest(`You cannot update this SetupIntent because it has a status of ${si.status}.`, 'intent');
    }
    const customer = customerId ? requireCustomer(rt, customerId, 'customer').id : idOf(si.customer);
    const paymentMethod = paymentMethodFor(rt, pmId, customer);
    const next: Stripe.SetupIntent = {
      ...si,
      customer,
      metadata: mergeMetadata(si.metadata ?? {}, metadata),
      description: description ?? si.description,
      ...(paymentMethod === undefined ? {} : { payment_method: paymentMethod, status: 'requires_confirmation' }),
    };
    replaceSetupIntent(rt, next, originOf(c), null);
    return sendObject(c, rt.store, next, expand);
  });

  app.post('/:id/confirm', (c) => {
    const p = paramsOf(c);
    const si = requireSetupIntent(rt, c.req.param('id'));
    const pmId = p.string('payment_method');
    const returnUrl = p.string('return_url');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    if (si.status !== 'requires_action') assertConfirmable(si);
    checkSetupReturnUrl(si, returnUrl);
    const paymentMethod = paymentMethodFor(rt, pmId, idOf(si.customer));
    const ready: Stripe.SetupIntent = paymentMethod === undefined ? si : { ...si, payment_method: paymentMethod, status: 'requires_confirmation' };
    if (ready !== si) rt.store.setupIntents.replace(ready);
    return sendObject(c, rt.store, confirm(rt, ready, originOf(c), returnUrl), expand);
  });

  app.post('/:id/cancel', (c) => {
    const p = paramsOf(c);
    const si = requireSetupIntent(rt, c.req.param('id'));
    const reason = p.oneOf('cancellation_reason', ['abandoned', 'duplicate', 'requested_by_customer']);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    if (si.status === 'succeeded' || si.status === 'canceled') {
      throw badRequest(`You cannot cancel this SetupIntent because it has a status of ${si.status}.`, 'intent');
    }
    const next: Stripe.SetupIntent = { ...si, status: 'canceled', cancellation_reason: reason ?? null };
    replaceSetupIntent(rt, next, originOf(c), 'setup_intent.canceled');
    return sendObject(c, rt.store, next, expand);
  });

  return app;
}
