import type Stripe from 'stripe';
import type { Runtime } from '../../../runtime';
import type { CardBehaviour, Decline } from './behaviour';
import { SUCCEEDS, normalizeBehaviour } from './behaviour';

/** What the issuer answers to one payment attempt, before anything is recorded. */
export type Authorization = { kind: 'approved' } | { kind: 'declined'; decline: Decline } | { kind: 'needs_authentication' };

export interface AttemptContext {
  /** The customer is not there to authenticate (renewals, retries, `off_session: true`). */
  offSession: boolean;
  /** The cardholder has just completed 3D Secure for this very attempt (a hosted page did it). */
  authenticated: boolean;
}

export function behaviourOf(rt: Runtime, pm: Stripe.PaymentMethod | string): CardBehaviour {
  const id = typeof pm === 'string' ? pm : pm.id;
  const stored = rt.store.billing.cardBehaviours.get(id);
  return stored ? normalizeBehaviour(stored) : SUCCEEDS;
}

/** True once the card was authenticated while being saved for off-session use (SetupIntent, Checkout, a payment with setup_future_usage). */
export function isSetUpForOffSession(rt: Runtime, pmId: string): boolean {
  return rt.store.billing.offSessionReady.has(pmId);
}

export function markSetUpForOffSession(rt: Runtime, pmId: string): void {
  rt.store.billing.offSessionReady.add(pmId);
}

/** Whether the issuer asks for 3D Secure on this attempt (docs.stripe.com/testing#authentication-and-setup). */
export function needsAuthentication(rt: Runtime, pmId: string, behaviour: CardBehaviour, offSession: boolean): boolean {
  switch (behaviour.authentication) {
    case 'never':
      return false;
    case 'always':
      return true;
    case 'on_session':
      return !offSession;
    case 'unless_set_up':
      return !offSession || !isSetUpForOffSession(rt, pmId);
  }
}

/** The issuer's answer, from the behaviour recorded when the payment method was made. */
export function authorize(rt: Runtime, pm: Stripe.PaymentMethod, ctx: AttemptContext): Authorization {
  const behaviour = behaviourOf(rt, pm);
  if (behaviour.attach) return { kind: 'declined', decline: behaviour.attach };
  if (!ctx.authenticated && needsAuthentication(rt, pm.id, behaviour, ctx.offSession)) return { kind: 'needs_authentication' };
  if (behaviour.charge) return { kind: 'declined', decline: behaviour.charge };
  return { kind: 'approved' };
}

/** Whether saving the card (SetupIntent, setup-mode Checkout) asks for 3D Secure first. */
export function setupNeedsAuthentication(rt: Runtime, pm: Stripe.PaymentMethod): boolean {
  const a = behaviourOf(rt, pm).authentication;
  return a === 'unless_set_up' || a === 'always';
}
