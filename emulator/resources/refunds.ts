import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import { eq, readRoutes } from '../http/read-routes';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { badRequest, invalidParam, noSuchResource } from '../http/errors';
import { sendObject } from '../http/respond';
import { newId, randomToken } from '../ids';
import { idOf } from '../refs';
import { withCustomerTime } from '../billing/customers/customer-time';

function chargeToRefund(rt: Runtime, chargeId: string | undefined, piId: string | undefined): Stripe.Charge {
  if (chargeId && piId) throw badRequest('You may only specify one of these parameters: charge, payment_intent.', 'charge');
  if (piId) {
    const pi = rt.store.paymentIntents.get(piId);
    if (!pi) throw noSuchResource('payment_intent', piId, 'payment_intent');
    const latest = idOf(pi.latest_charge);
    const charge = latest ? rt.store.charges.get(latest) : undefined;
    if (!charge || pi.status !== 'succeeded') throw badRequest(`This PaymentIntent (${piId}) does not have a successful charge to refund.`, 'payment_intent');
    return charge;
  }
  if (!chargeId) throw badRequest('One of the following params should be provided for this request: charge or payment_intent.');
  const charge = rt.store.charges.get(chargeId);
  if (!charge) throw noSuchResource('charge', chargeId, 'charge');
  return charge;
}

/** /v1/refunds: partial or full, against a charge or a payment intent; the charge keeps the running total. */
export function refundRoutes(rt: Runtime) {
  const app = readRoutes<Stripe.Refund>(rt, {
    collection: (r) => r.store.refunds,
    kind: 'refund',
    url: '/v1/refunds',
    filters: (p) => [eq(p.string('charge'), (r) => idOf(r.charge)), eq(p.string('payment_intent'), (r) => idOf(r.payment_intent))],
  });

  app.post('/', (c) => {
    const p = paramsOf(c);
    const charge = chargeToRefund(rt, p.string('charge'), p.string('payment_intent'));
    const amount = p.integer('amount', { min: 1 });
    const reason = p.oneOf('reason', ['duplicate', 'fraudulent', 'requested_by_customer']);
    const metadata = p.metadata();
    p.boolean('refund_application_fee');
    p.boolean('reverse_transfer');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    if (charge.status !== 'succeeded') throw badRequest(`Charge ${charge.id} has not succeeded, so it cannot be refunded.`, 'charge');
    const left = charge.amount - charge.amount_refunded;
    if (left <= 0) throw badRequest(`Charge ${charge.id} has already been refunded.`, 'charge');
    const value = amount ?? left;
    if (value > left) {
      throw invalidParam('amount', `Refund amount (${value}) is greater than unrefunded amount on charge (${left})`);
    }
    const origin = originOf(c);
    const customerId = idOf(charge.customer);
    const refund = withCustomerTime(rt, customerId, () => {
      const made: Stripe.Refund = {
        id: newId('re'),
        object: 'refund',
        amount: value,
        balance_transaction: `txn_${randomToken(24)}`,
        charge: charge.id,
        created: rt.clock.now(),
        currency: charge.currency,
        customer: customerId,
        customer_account: null,
        destination_details: { type: 'card', card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' } },
        metadata: metadata ?? {},
        payment_intent: idOf(charge.payment_intent),
        payment_method: idOf(charge.payment_method),
        reason: reason ?? null,
        receipt_number: null,
        source_transfer_reversal: null,
        status: 'succeeded',
        transfer_reversal: null,
      };
      rt.store.refunds.insert(made);
      const refunded = charge.amount_refunded + value;
      const updated: Stripe.Charge = { ...charge, amount_refunded: refunded, refunded: refunded === charge.amount };
      rt.store.charges.replace(updated);
      rt.bus.publish({ type: 'refund.created', data: { object: made } }, origin);
      rt.bus.publish(
        { type: 'charge.refunded', data: { object: updated, previous_attributes: { amount_refunded: charge.amount_refunded, refunded: charge.refunded } } },
        origin,
      );
      return made;
    });
    return sendObject(c, rt.store, refund, expand);
  });

  app.post('/:id', (c) => {
    const p = paramsOf(c);
    const current = rt.store.refunds.get(c.req.param('id'));
    if (!current) throw noSuchResource('refund', c.req.param('id'));
    const metadata = p.metadata();
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const next: Stripe.Refund = { ...current, metadata: mergeMetadata(current.metadata ?? {}, metadata) };
    rt.store.refunds.replace(next);
    const origin = originOf(c);
    rt.bus.publish({ type: 'refund.updated', data: { object: next, previous_attributes: { metadata: current.metadata } } }, origin);
    // A card refund's update is also announced on the charge side; stripe-cli's charge.refund.updated
    // trigger (a metadata update on a card refund) relies on it.
    rt.bus.publish({ type: 'charge.refund.updated', data: { object: next, previous_attributes: { metadata: current.metadata } } }, origin);
    return sendObject(c, rt.store, next, expand);
  });

  return app;
}
