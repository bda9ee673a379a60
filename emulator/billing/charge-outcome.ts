import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { Decline } from './cards/behaviour';

export type ChargeOutcome = { ok: true } | { ok: false; decline: Decline };

/**
 * The one place that decides whether a charge succeeds: Checkout, invoices.pay, renewals and
 * retries all ask it, from the behaviour recorded when the payment method was made.
 */
export function chargeOutcome(rt: Runtime, pm: Stripe.PaymentMethod): ChargeOutcome {
  const behaviour = rt.store.billing.cardBehaviours.get(pm.id);
  if (!behaviour || behaviour.declines === 'never') return { ok: true };
  return { ok: false, decline: behaviour.decline };
}
