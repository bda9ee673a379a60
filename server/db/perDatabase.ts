/**
 * One instance of something per database handle and list name, made on first use: caches of
 * list positions keyed this way never serve a page of another database (each test has its own),
 * and go when the handle does.
 */
export function perDatabase<T>(make: () => T): (database: object, list: string) => T {
  const byDatabase = new WeakMap<object, Map<string, T>>();
  return (database, list) => {
    let lists = byDatabase.get(database);
    if (!lists) {
      lists = new Map();
      byDatabase.set(database, lists);
    }
    let value = lists.get(list);
    if (value === undefined) {
      value = make();
      lists.set(list, value);
    }
    return value;
  };
}
