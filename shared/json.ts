/**
 * JSON from clients, parsed with its nesting bounded. Walking a value recursively (a validator, a
 * NUL check, JSON.stringify) costs a stack frame per level: 7,000 nested arrays in a list filter
 * overflowed the stack (a 500) and 6,000 cost most of a second of CPU. So the depth is measured on
 * the text first, in one loop without recursion, and anything deeper than Recur could mean is
 * refused before JSON.parse and every check after it. Size needs no rule here: bodies are bounded
 * by their route's body limit (server/http/bodyLimits.tsx), query strings by Node's 16 KiB header limit.
 */

/**
 * The deepest request Recur takes nests 4 levels (a signup form: body, customFields, a field, its
 * options); 32 leaves room for any client's formatting habits and keeps every walk shallow.
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Where the string opened by the quote at `open` ends (its closing quote), or -1 if it does not. */
function stringEnd(text: string, open: number): number {
  for (let from = open + 1; ; ) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let before = quote - 1;
    while (before > open && text.charCodeAt(before) === BACKSLASH) before--;
    // An even run of backslashes escapes itself, not the quote.
    if ((quote - 1 - before) % 2 === 0) return quote;
    from = quote + 1;
  }
}

/**
 * Whether `text` opens more than `limit` arrays or objects inside each other (brackets inside
 * strings do not count). On valid JSON this is its exact depth; invalid JSON fails JSON.parse anyway.
 * Strings are skipped with indexOf, so a Stripe event costs about a third of its JSON.parse.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = stringEnd(text, i);
      if (i < 0) return false;
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return false;
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; reason: 'invalid' | 'too-deep'; problem: string };

/** JSON.parse, refusing text nested deeper than `maxDepth` before parsing it. */
export function parseJson(text: string, maxDepth = MAX_JSON_DEPTH): ParsedJson {
  if (nestsDeeperThan(text, maxDepth)) return { ok: false, reason: 'too-deep', problem: `nests arrays or objects more than ${maxDepth} levels deep` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'invalid', problem: 'is not valid JSON' };
  }
}
