/** The `previous_attributes` of an *.updated event: old values of the top-level fields that changed. */
export function previousAttributes<T extends object>(before: T, after: T): Partial<T> | null {
  const previous: Partial<T> = {};
  let changed = false;
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      previous[key] = before[key];
      changed = true;
    }
  }
  return changed ? previous : null;
}
