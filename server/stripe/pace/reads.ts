import type { StripeReads } from '../handlers';
import type { PaceMeter } from './pace';

/**
 * Every call reachable from `target` (methods, and those of nested resources such as
 * `checkout.sessions`) sent through the meter. Generic rather than a method-by-method copy, so a
 * read that applying starts to need later is paced without anyone remembering to add it here.
 */
function paced<T extends object>(target: T, meter: PaceMeter, path: string[]): T {
  return new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key);
      // The endpoint Stripe counts the call against: its resource path and method, `checkout.sessions.retrieve`.
      const name = [...path, String(key)];
      if (typeof value === 'function') return (...args: unknown[]) => meter.run(name.join('.'), () => Promise.resolve(Reflect.apply(value, object, args)));
      if (typeof value === 'object' && value !== null) return paced(value, meter, name);
      return value;
    },
  });
}

/** The reads applying makes (missing parents, details payloads lack), within a run's pace. */
export function pacedReads(stripe: StripeReads, meter: PaceMeter): StripeReads {
  return paced(stripe, meter, []);
}
