import fc from 'fast-check';

/** Strings that have broken parsers and query builders elsewhere. */
export const INJECTIONS = [
  "' OR 1=1 --",
  '"; DROP TABLE payments; --',
  '1; DELETE FROM plans WHERE 1=1',
  "') OR ('1'='1",
  '1 UNION SELECT password_hash FROM admin_users',
  '%',
  '_',
  '\\',
  '"}',
  '{"$gt":""}',
  ']',
  '\u0000',
  'a\u0000b',
  '💳🔥',
  '\u202e\u0301',
  '\ud800',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  '${7*7}',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  ' ',
  '',
  'null',
  'true',
  '[]',
  '{}',
] as const;

export const MEGABYTE = 1 << 20;
/** 1 MB strings: plain, multi-byte and with null bytes */
export const HUGE = ['x'.repeat(MEGABYTE), 'é'.repeat(MEGABYTE / 2), 'a\u0000'.repeat(MEGABYTE / 2)] as const;

export const junkString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

const notNumeric = junkString.filter((s) => (s.trim() === '' ? false : Number.isNaN(Number(s))));
const junkArray = fc.array(fc.oneof(junkString, fc.integer()), { maxLength: 4 });
const junkObject = fc.dictionary(junkString, fc.oneof(junkString, fc.integer(), fc.boolean()), { maxKeys: 4 });

/** A JSON value of a type other than `sample`'s (unknown sample: a structure no scalar field takes). */
export function wrongValue(sample: unknown): fc.Arbitrary<unknown> {
  if (typeof sample === 'string') return fc.oneof(fc.integer(), fc.double(), fc.boolean(), junkArray, junkObject);
  if (typeof sample === 'number') return fc.oneof(notNumeric, fc.boolean(), junkArray, junkObject);
  if (typeof sample === 'boolean')
    return fc.oneof(
      fc.integer({ min: 2 }),
      notNumeric.filter((s) => !/^(true|false)$/i.test(s)),
      junkArray,
      junkObject,
    );
  if (Array.isArray(sample)) return fc.oneof(junkString, fc.integer(), junkObject);
  if (sample !== null && typeof sample === 'object') return fc.oneof(junkString, fc.integer(), fc.boolean(), junkArray);
  return fc.oneof(junkArray, junkObject);
}

const MALFORMED = ['{', '{"a":', '[1,2', '{"a":1}}', 'nul', "{'a':1}", '{"a":1,}', '\uFEFF{}', '\u0000', '{"a":"\\u00"}', '--', 'undefined', '{"__proto__":'];

/** Request bodies that are not JSON at all. */
export const malformedJson = fc.oneof(
  fc.constantFrom(...MALFORMED),
  fc
    .jsonValue({ maxDepth: 2 })
    .map((v) => JSON.stringify(v))
    .filter((s) => s.length > 1)
    .map((s) => s.slice(0, -1))
    .filter(unparsable),
  fc.string({ unit: 'binary', maxLength: 60 }).filter(unparsable),
  fc.constantFrom(...HUGE.map((s) => `{"a":"${s}`)),
);

function unparsable(text: string): boolean {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

/** JSON that is valid but not an object, where every endpoint takes an object. */
export const nonObjectJson = fc
  .oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), junkString, fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 }))
  .map((v) => JSON.stringify(v) ?? 'null');

/** An object with every known field of the wrong type, plus a few unknown fields. */
export function wrongTypedObject(fields: Record<string, unknown>): fc.Arbitrary<string> {
  const known = Object.fromEntries(Object.entries(fields).map(([name, sample]) => [name, wrongValue(sample)]));
  return fc
    .tuple(fc.record(known), fc.dictionary(junkString, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }))
    .map(([wrong, extra]) => JSON.stringify({ ...extra, ...wrong }));
}

/** Every known field a 1 MB string (no sane field takes that much). */
export function hugeFieldsObject(fields: Record<string, unknown>): fc.Arbitrary<string> {
  return fc.constantFrom(...HUGE).map((huge) => JSON.stringify(Object.fromEntries(Object.keys(fields).map((name) => [name, huge]))));
}

/** Filter keys the list endpoints know, so injection strings reach real filters, not only the unknown-key check. */
const FILTER_KEYS = [
  'q',
  'id',
  'status',
  'customerId',
  'subscriptionId',
  'invoiceId',
  'planId',
  'attemptedAt_gte',
  'attemptedAt_lte',
  'amount_gte',
  'amount_lte',
  'role',
  'createdBy',
  'type',
  'active',
  'email',
  'tier',
  'interval',
  'currency',
  'action',
  'entityType',
  'adminUserId',
  'couponId',
];
/** More ids than SQLite takes as bound parameters in one statement (32,766). */
const MANY_IDS = Array.from({ length: 40_000 }, (_, i) => i + 1);

const filterValue = fc.oneof(
  junkString,
  fc.jsonValue({ maxDepth: 2 }),
  fc.array(junkString, { maxLength: 3 }),
  fc.constant(MANY_IDS),
  fc.constantFrom('9999-12-31', '0000-01-01', '2026-02-30', '275760-09-13T00:00:00Z', '2026-01-01T00:00:00+99:99', '1e21', '-0'),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom(1e21, -1, 2 ** 63, Number.MAX_VALUE),
);

const json = (arb: fc.Arbitrary<unknown>) => arb.map((v) => JSON.stringify(v) ?? 'null');

/** sort/range/filter/q and friends as a list request carries them, each broken in some way. */
export const listQuery = fc.record(
  {
    sort: fc.oneof(json(fc.tuple(junkString, fc.oneof(fc.constantFrom('ASC', 'DESC'), junkString))), json(fc.jsonValue({ maxDepth: 1 })), junkString),
    range: fc.oneof(
      json(fc.tuple(fc.oneof(fc.integer(), fc.double(), fc.constant(1e21)), fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 63)))),
      json(fc.jsonValue({ maxDepth: 1 })),
      junkString,
    ),
    filter: fc.oneof(
      json(fc.dictionary(fc.oneof(fc.constantFrom(...FILTER_KEYS), junkString), filterValue, { maxKeys: 3 })),
      json(fc.jsonValue({ maxDepth: 1 })),
      junkString,
    ),
    q: junkString,
    plan: fc.oneof(junkString, fc.integer().map(String)),
    prorationDate: fc.oneof(junkString, fc.constantFrom('1e21', '-1', '99999999999999999')),
    session_id: fc.oneof(junkString, fc.constantFrom('cs_', `cs_${'a'.repeat(200)}`, 'cs_doesnotexist')),
    canceled: junkString,
  },
  { requiredKeys: [] },
);

/** Path parameters that are no valid id (and, for writes, ids of nothing). */
export const BAD_IDS = [
  '0',
  '-1',
  '999999999',
  '999999999999',
  '1.5',
  '1e3',
  'abc',
  "' OR 1=1 --",
  '\u0000',
  'x'.repeat(300),
  '9'.repeat(40),
  '💳',
  'null',
  '[1]',
  ' 1',
  'evt_doesnotexist',
];

/** Names Object.prototype answers to: a lookup that forgets hasOwn finds a function under them. */
export const PROTOTYPE_KEYS = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', '__defineGetter__', 'isPrototypeOf'] as const;

/** Every injection string and prototype name in every place a list request takes text, plus oversized lists and ranges. */
export function listEdgeCases(): Record<string, string>[] {
  const cases: Record<string, unknown>[] = [];
  for (const s of [...INJECTIONS, ...PROTOTYPE_KEYS]) {
    cases.push({ filter: { q: s } }, { sort: [s, 'ASC'] }, { filter: { [s]: 1 } }, { filter: { status: s } }, { filter: { id: s } });
  }
  cases.push(
    { filter: { id: MANY_IDS } },
    { filter: { status: MANY_IDS.map(String) } },
    { filter: { customerId: MANY_IDS } },
    { filter: { q: HUGE[0] } },
    { range: [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] },
    { range: [0, 1e21] },
    { range: [-1, 5] },
    { range: [5, 1] },
    { sort: ['id', 'SIDEWAYS'] },
    { sort: 'id' },
  );
  return cases.map((c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, JSON.stringify(v)])));
}
