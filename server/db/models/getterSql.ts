/**
 * What a model's getter shows, written as a SQLite expression, for the lists whose rows SQLite
 * serialises itself (db/listRows.ts). Kept beside each getter so that the two are read and
 * changed together; a getter without one makes its list fall back to serialising in JavaScript.
 * `column(attribute)` is that attribute's column, qualified and quoted.
 */
export type GetterSql = (column: (attribute: string) => string) => string;

type Getter = (...args: never[]) => unknown;

const sqlOf = new WeakMap<Getter, GetterSql>();

/** The getter itself, registered with its SQLite form. */
export function withSql<G extends Getter>(getter: G, sql: GetterSql): G {
  sqlOf.set(getter, sql);
  return getter;
}

export function getterSql(getter: Getter): GetterSql | undefined {
  return sqlOf.get(getter);
}

/** A value SQLite embeds in JSON as JSON rather than as text. */
export const jsonLiteral = (value: unknown): string => `json('${JSON.stringify(value).replace(/'/g, "''")}')`;
