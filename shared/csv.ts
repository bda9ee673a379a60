/**
 * CSV injection (OWASP, "CSV Injection"): a spreadsheet runs a cell that starts with =, +, -, @,
 * a tab or a carriage return as a formula — `=HYPERLINK(...)` typed into a form would become a
 * live link, or worse, in whoever opens the export. Such a cell is made text by a leading `'`.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * A record with every string in it escaped, however deep (the exporter flattens nested objects
 * and arrays into cells). Numbers stay numbers: `-12.5` cannot carry a formula, and a negative
 * amount must stay a number in the sheet. Keys are left alone: they are Recur's field names.
 */
export function escapeFormulas<T>(value: T): T {
  if (typeof value === 'string') return escapeCell(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => escapeFormulas(item)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, escapeFormulas(inner)])) as T;
  }
  return value;
}
