/**
 * Plain loops rather than Object.entries/fromEntries: every event deep-copies its object, and a
 * renewal of 10,000 subscriptions copies ~90,000 of them, so this is a hot path.
 */
function cloneValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneValue(value[i]);
    return out;
  }
  // Frozen value objects (Stripe.Decimal) are immutable, so sharing them is safe.
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  const source: Record<string, unknown> = value as Record<string, unknown>;
  for (const key of Object.keys(source)) out[key] = cloneValue(source[key]);
  return out;
}

/**
 * A deep copy that later mutations of the stored object cannot reach — events must show the
 * object as it was when they happened.
 */
export function snapshot<T extends object>(value: T): T {
  return cloneValue(value) as T;
}
