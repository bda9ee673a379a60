import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { Params } from '../http/params';
import { eq, readRoutes } from '../http/read-routes';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { badRequest, missingParam, noSuchResource } from '../http/errors';
import { sendObject } from '../http/respond';
import { requireCustomer } from './customers';
import { idOf } from '../refs';
import { readDiscounts } from './discount-params';
import {
  checkSameCycle,
  checkSubscriptionCurrency,
  readItems,
  readPauseCollection,
  readPaymentBehavior,
  readProrationBehavior,
  readTrialEnd,
  readUpdatePaymentBehavior,
  checkPendingUpdateParams,
  itemKeysOf,
} from './subscription-params';
import { customerTime, withCustomerTime } from '../billing/customers/customer-time';
import { customerPaymentMethod } from '../billing/payments/payment-method';
import { startSubscription } from '../billing/subscriptions/start-subscription';
import { updateSubscription } from '../billing/subscriptions/update-subscription';
import { cancelSubscription } from '../billing/subscriptions/cancel-subscription';
import { resumeSubscription } from '../billing/subscriptions/resume-subscription';

const STATUSES = ['active', 'all', 'canceled', 'ended', 'incomplete', 'incomplete_expired', 'past_due', 'paused', 'trialing', 'unpaid'] as const;

export function requireSubscription(rt: Runtime, id: string, param = 'id'): Stripe.Subscription {
  const sub = rt.store.subscriptions.get(id);
  if (!sub) throw noSuchResource('subscription', id, param);
  return sub;
}

function readCancellationDetails(p: Params) {
  const d = p.object('cancellation_details');
  if (!d) return undefined;
  return {
    comment: d.nullableString('comment'),
    feedback: d.oneOf('feedback', [
      'customer_service',
      'low_quality',
      'missing_features',
      'other',
      'switched_service',
      'too_complex',
      'too_expensive',
      'unused',
    ]),
  };
}

function readCreate(rt: Runtime, p: Params) {
  const customer = requireCustomer(rt, p.requiredString('customer'), 'customer');
  const items = readItems(rt, p);
  if (!items || items.length === 0) throw missingParam('items');
  const lines = items.map((item, i) => {
    if (!item.price) throw missingParam(`items[${i}][price]`);
    return { price: item.price, quantity: item.quantity ?? 1, metadata: item.metadata ?? {} };
  });
  checkSameCycle(lines);
  const now = customerTime(rt, customer) ?? rt.clock.now();
  const trialDays = p.integer('trial_period_days', { min: 0, max: 730 });
  const trialEnd = readTrialEnd(p, now);
  p.boolean('trial_from_plan');
  const anchor = p.integer('billing_cycle_anchor');
  if (anchor !== undefined && anchor <= now) throw badRequest('billing_cycle_anchor cannot be in the past.', 'billing_cycle_anchor');
  p.oneOf('proration_behavior', ['create_prorations', 'none']);
  const ts = p.object('trial_settings')?.object('end_behavior');
  const missing = ts?.oneOf('missing_payment_method', ['cancel', 'create_invoice', 'pause']) ?? 'create_invoice';
  p.object('payment_settings')?.oneOf('save_default_payment_method', ['off', 'on_subscription']);
  const offSession = p.boolean('off_session') ?? false;
  return {
    offSession,
    authenticated: false,
    customer,
    lines,
    defaultPaymentMethod: p.string('default_payment_method'),
    paymentBehavior: readPaymentBehavior(p),
    trialEnd: trialEnd === 'now' ? null : (trialEnd ?? (trialDays ? now + trialDays * 86_400 : null)),
    billingCycleAnchor: anchor ?? null,
    cancelAtPeriodEnd: p.boolean('cancel_at_period_end') ?? false,
    collectionMethod: p.oneOf('collection_method', ['charge_automatically', 'send_invoice']) ?? 'charge_automatically',
    daysUntilDue: p.integer('days_until_due', { min: 0 }) ?? null,
    metadata: p.metadata() ?? {},
    description: p.string('description') ?? null,
    coupons: readDiscounts(rt, p) ?? [],
    missingPaymentMethod: missing,
  };
}

/** 2026-10-28.endive sends `billing_cycle_anchor[type]`; older versions sent the bare word. */
function readResumeAnchor(p: Params): 'now' | 'unchanged' {
  const values = ['now', 'unchanged'] as const;
  if (typeof p.raw.billing_cycle_anchor === 'string') return p.oneOf('billing_cycle_anchor', values) ?? 'now';
  return p.object('billing_cycle_anchor')?.oneOf('type', values) ?? 'now';
}

export function subscriptionRoutes(rt: Runtime) {
  const app = readRoutes<Stripe.Subscription>(rt, {
    collection: (r) => r.store.subscriptions,
    kind: 'subscription',
    url: '/v1/subscriptions',
    filters: (p) => {
      const customer = p.string('customer');
      const price = p.string('price');
      const status = p.oneOf('status', STATUSES);
      p.string('test_clock');
      p.oneOf('collection_method', ['charge_automatically', 'send_invoice']);
      return [
        eq(customer, (s) => (typeof s.customer === 'string' ? s.customer : s.customer.id)),
        (s) => price === undefined || s.items.data.some((i) => i.price.id === price),
        // Without a status filter Stripe hides canceled subscriptions.
        (s) =>
          status === 'all' ||
          (status === undefined && s.status !== 'canceled' && s.status !== 'incomplete_expired') ||
          (status === 'ended' && (s.status === 'canceled' || s.status === 'incomplete_expired')) ||
          s.status === status,
      ];
    },
  });

  app.post('/', (c) => {
    const p = paramsOf(c);
    const input = readCreate(rt, p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const origin = originOf(c);
    const started = withCustomerTime(rt, input.customer, () => {
      const pm = input.defaultPaymentMethod
        ? customerPaymentMethod(rt, input.defaultPaymentMethod, input.customer.id, 'default_payment_method', origin).id
        : null;
      const customer = rt.store.customers.get(input.customer.id) ?? input.customer;
      return startSubscription(rt, { ...input, customer, defaultPaymentMethod: pm }, origin);
    });
    return sendObject(c, rt.store, started.subscription, expand);
  });

  app.post('/:id', (c) => {
    const p = paramsOf(c);
    const sub = requireSubscription(rt, c.req.param('id'));
    const now = withCustomerTime(rt, idOf(sub.customer), () => rt.clock.now());
    checkPendingUpdateParams(p, itemKeysOf(p));
    const items = readItems(rt, p);
    const prorationBehavior = readProrationBehavior(p);
    const prorationDate = p.integer('proration_date');
    const anchor = p.oneOf('billing_cycle_anchor', ['now', 'unchanged']);
    const cancelAt = p.nullableInteger('cancel_at');
    const update = {
      plan: items || anchor === 'now' ? { items: items ?? [], prorationBehavior, prorationDate: prorationDate ?? null, billingCycleAnchor: anchor } : null,
      cancelAtPeriodEnd: p.boolean('cancel_at_period_end'),
      cancelAt,
      cancellationDetails: readCancellationDetails(p),
      pauseCollection: readPauseCollection(p),
      trialEnd: readTrialEnd(p, now),
      metadata: p.metadata(),
      description: p.nullableString('description'),
      coupons: readDiscounts(rt, p),
      paymentBehavior: readUpdatePaymentBehavior(p),
      offSession: p.boolean('off_session') ?? false,
    };
    const defaultPm = p.nullableString('default_payment_method');
    p.oneOf('collection_method', ['charge_automatically']);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
      throw badRequest('A canceled subscription can only update its cancellation_details and metadata.');
    }
    if (sub.schedule && (update.cancelAtPeriodEnd !== undefined || update.cancelAt !== undefined)) {
      // Stripe's own refusal, quoted by its users: a schedule owns the subscription's cancellation.
      const schedule = typeof sub.schedule === 'string' ? sub.schedule : sub.schedule.id;
      throw badRequest(
        `The subscription is managed by the subscription schedule \`${schedule}\`, and updating any cancelation behavior directly is not allowed. Please update the schedule instead.`,
      );
    }
    if (items) {
      checkSubscriptionCurrency(
        sub,
        items.map((i, n) => ({ param: `items[${n}][price]`, price: i.price })),
      );
      checkSameCycle(items.flatMap((i) => (i.price ? [{ price: i.price }] : [])));
    }
    const origin = originOf(c);
    const next = withCustomerTime(rt, idOf(sub.customer), () => {
      const pm = defaultPm ? customerPaymentMethod(rt, defaultPm, idOf(sub.customer) ?? '', 'default_payment_method', origin).id : defaultPm;
      const metadata = update.metadata === undefined ? undefined : mergeMetadata(sub.metadata, update.metadata);
      return updateSubscription(rt, sub, { ...update, metadata, defaultPaymentMethod: pm }, origin);
    });
    return sendObject(c, rt.store, next, expand);
  });

  app.delete('/:id', (c) => {
    const p = paramsOf(c);
    const sub = requireSubscription(rt, c.req.param('id'));
    const invoiceNow = p.boolean('invoice_now') ?? false;
    const prorate = p.boolean('prorate') ?? false;
    const details = readCancellationDetails(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
      throw noSuchResource('subscription', sub.id);
    }
    const ended = withCustomerTime(rt, idOf(sub.customer), () =>
      cancelSubscription(rt, sub, { invoiceNow, prorate, comment: details?.comment, feedback: details?.feedback }, originOf(c)),
    );
    return sendObject(c, rt.store, ended, expand);
  });

  app.post('/:id/resume', (c) => {
    const p = paramsOf(c);
    const sub = requireSubscription(rt, c.req.param('id'));
    const anchor = readResumeAnchor(p);
    const prorationBehavior = readProrationBehavior(p);
    p.integer('proration_date');
    p.oneOf('payment_behavior', ['resume_on_payment_attempt', 'resume_on_payment_success']);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    if (sub.status !== 'paused') throw badRequest('Only subscriptions with `status=paused` can be resumed.');
    const resumed = withCustomerTime(rt, idOf(sub.customer), () => resumeSubscription(rt, sub, { anchor, prorationBehavior }, originOf(c)));
    return sendObject(c, rt.store, resumed, expand);
  });

  return app;
}
