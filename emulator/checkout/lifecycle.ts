import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { EventOrigin } from '../events/bus';
import { NO_REQUEST } from '../events/bus';
import { badRequest, noSuchResource } from '../http/errors';
import { previousAttributes } from '../diff';

export function replaceSession(rt: Runtime, current: Stripe.Checkout.Session, next: Stripe.Checkout.Session): Partial<Stripe.Checkout.Session> {
  rt.store.checkoutSessions.replace(next);
  return previousAttributes(current, next) ?? {};
}

export function expireSession(rt: Runtime, session: Stripe.Checkout.Session, origin: EventOrigin): Stripe.Checkout.Session {
  if (session.status !== 'open') {
    throw badRequest('Only Checkout Sessions with a status in ["open"] can be expired.', 'session');
  }
  const next: Stripe.Checkout.Session = { ...session, status: 'expired', url: null };
  replaceSession(rt, session, next);
  rt.bus.publish({ type: 'checkout.session.expired', data: { object: next } }, origin);
  return next;
}

/**
 * Sessions expire when their time passes; the emulator notices on the next look rather than
 * on a timer, which also keeps expiry correct once test clocks move time.
 */
export function currentSession(rt: Runtime, id: string, param = 'session'): Stripe.Checkout.Session {
  const session = rt.store.checkoutSessions.get(id);
  if (!session) throw noSuchResource('checkout.session', id, param);
  if (session.status === 'open' && session.expires_at <= rt.clock.now()) {
    return expireSession(rt, session, NO_REQUEST);
  }
  return session;
}
