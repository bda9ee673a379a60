import type Stripe from 'stripe';
import { Invoice, Payment } from '../../db/models';
import { idOf, type Snapshot } from '../apply/snapshot';
import type { ObjectHandler } from './types';

/**
 * invoice_payment.paid links an invoice to the payment intent and charge that paid it. It may
 * arrive before or after invoice.paid, so the link is kept on the invoice and copied onto its
 * successful payment whichever comes second.
 */
export const invoicePaymentHandler: ObjectHandler<Stripe.InvoicePayment> = {
  // The link is kept on the invoice row, so the invoice must be mirrored first.
  parents: (payment) => ({ invoice: idOf(payment.invoice) }),
  async apply(snapshots: Snapshot<Stripe.InvoicePayment>[], { transaction }) {
    for (const { object } of snapshots) {
      const intentId = idOf(object.payment.payment_intent ?? null);
      const chargeId = idOf(object.payment.charge ?? null);
      const invoiceId = idOf(object.invoice);
      if (!invoiceId || (!intentId && !chargeId) || object.status !== 'paid') continue;
      const link = { stripePaymentIntentId: intentId, stripeChargeId: chargeId };
      await Invoice.update(link, { where: { stripeInvoiceId: invoiceId }, transaction });
      await Payment.update(link, { where: { stripeInvoiceId: invoiceId, status: 'succeeded' }, transaction });
    }
  },
};
