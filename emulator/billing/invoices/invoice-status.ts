import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import { forgetDunning } from '../payments/dunning';
import { discardPendingUpdate, pendingUpdateOfInvoice } from '../subscriptions/pending-update';

export function voidInvoice(rt: Runtime, invoice: Stripe.Invoice, origin: EventOrigin): Stripe.Invoice {
  const now = rt.clock.now();
  const voided = rt.store.invoices.replace({
    ...invoice,
    status: 'void',
    amount_remaining: 0,
    next_payment_attempt: null,
    status_transitions: { ...invoice.status_transitions, voided_at: now },
  });
  forgetDunning(rt, invoice.id);
  rt.bus.publish({ type: 'invoice.voided', data: { object: voided } }, origin);
  // Voiding the invoice a pending update waits on drops the update with it.
  const pending = pendingUpdateOfInvoice(rt, voided);
  if (pending) discardPendingUpdate(rt, pending, origin, false);
  return voided;
}

export function markUncollectible(rt: Runtime, invoice: Stripe.Invoice, origin: EventOrigin): Stripe.Invoice {
  const now = rt.clock.now();
  const marked = rt.store.invoices.replace({
    ...invoice,
    status: 'uncollectible',
    next_payment_attempt: null,
    status_transitions: { ...invoice.status_transitions, marked_uncollectible_at: now },
  });
  forgetDunning(rt, invoice.id);
  rt.bus.publish({ type: 'invoice.marked_uncollectible', data: { object: marked } }, origin);
  return marked;
}
