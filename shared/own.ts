/**
 * A record's own value for a key that comes from users (a custom field's key, a template
 * variable, a filter): `constructor` or `toString` must not find Object.prototype's functions.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
