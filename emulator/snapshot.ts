function cloneValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneValue);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneValue(v)]));
  }
  // Primitives and frozen value objects (Stripe.Decimal) are immutable, so sharing them is safe.
  return value;
}

/**
 * A deep copy that later mutations of the stored object cannot reach — events must show the
 * object as it was when they happened.
 */
export function snapshot<T extends object>(value: T): T {
  return cloneValue(value) as T;
}
