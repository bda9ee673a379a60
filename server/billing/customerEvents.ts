import { Op } from 'sequelize';
import { Customer, Discount, Invoice, Payment, SignupSubmission, Subscription } from '../db/models';

/** More ids than this and the customer page shows the events of the newest objects only. */
const MAX_OBJECT_IDS = 2000;

const ids = (values: (string | null | undefined)[]) => values.filter((v): v is string => !!v);

/**
 * The Stripe ids of everything a customer owns, as Recur mirrors it: the webhook events about a
 * customer are the events whose object is one of these. The inbox's object_id column is compared,
 * not the payloads; it has no index, on purpose: an index there slows every webhook insert, while
 * this query runs only when an admin opens a customer's Events tab (about 1 s per 200,000 stored
 * events on a busy 2-core machine).
 */
export async function customerObjectIds(customerId: number): Promise<string[]> {
  const customer = await Customer.findByPk(customerId, { attributes: ['id', 'email', 'stripeCustomerId'] });
  if (!customer) return [];
  const stripeCustomerId = customer.stripeCustomerId;
  const [subscriptions, invoices, payments, discounts, submissions] = await Promise.all([
    Subscription.findAll({ where: { customerId }, attributes: ['stripeSubscriptionId'], order: [['id', 'DESC']], limit: MAX_OBJECT_IDS }),
    Invoice.findAll({ where: { customerId }, attributes: ['stripeInvoiceId'], order: [['id', 'DESC']], limit: MAX_OBJECT_IDS }),
    Payment.findAll({ where: { customerId }, attributes: ['stripePaymentIntentId', 'stripeChargeId'], order: [['id', 'DESC']], limit: MAX_OBJECT_IDS }),
    stripeCustomerId ? Discount.findAll({ where: { stripeCustomerId }, attributes: ['stripeDiscountId'], limit: MAX_OBJECT_IDS }) : [],
    stripeCustomerId
      ? SignupSubmission.findAll({
          where: { stripeCustomerId, checkoutSessionId: { [Op.ne]: null } },
          attributes: ['checkoutSessionId'],
          limit: MAX_OBJECT_IDS,
        })
      : [],
  ]);
  const all = ids([
    stripeCustomerId,
    ...subscriptions.map((s) => s.stripeSubscriptionId),
    ...invoices.map((i) => i.stripeInvoiceId),
    ...payments.flatMap((p) => [p.stripePaymentIntentId, p.stripeChargeId]),
    ...discounts.map((d) => d.stripeDiscountId),
    ...submissions.map((s) => s.checkoutSessionId),
  ]);
  return [...new Set(all)].slice(0, MAX_OBJECT_IDS);
}
