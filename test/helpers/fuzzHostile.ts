import fc from 'fast-check';
import { bodyLimitFor } from '../../server/http/bodyLimits';
import { MAX_JSON_DEPTH } from '../../shared/json';
import { malformedJson, wrongValue } from './fuzzInputs';

/**
 * What one hostile client sends (issue 13): bodies over the route's limit, JSON nested thousands
 * deep, signed webhooks that cannot be events, and all of it at once. fuzz.test.ts sends these to
 * every /api, form and webhook route, concurrently, and expects no 5xx and no change.
 */
export interface FuzzBody {
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

type Shape = 'json' | 'form' | 'multipart' | 'text';
const BOUNDARY = 'fuzzboundary';

/** A body of exactly `bytes` bytes (ASCII), in the given shape. */
function padded(shape: Shape, bytes: number): FuzzBody {
  if (shape === 'json') return { body: `{"a":"${'x'.repeat(bytes - 8)}"}`, contentType: 'application/json' };
  if (shape === 'form') return { body: `a=${'x'.repeat(bytes - 2)}`, contentType: 'application/x-www-form-urlencoded' };
  if (shape === 'multipart') {
    const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\n`;
    const tail = `\r\n--${BOUNDARY}--\r\n`;
    return { body: `${head}${'x'.repeat(bytes - head.length - tail.length)}${tail}`, contentType: `multipart/form-data; boundary=${BOUNDARY}` };
  }
  return { body: 'x'.repeat(bytes), contentType: 'text/plain' };
}

/** Over the body limit of the route at `path`: one byte over, or twice the limit, in each shape a client could send. */
export function oversizedBody(path: string): fc.Arbitrary<FuzzBody> {
  const limit = bodyLimitFor(path).bytes;
  return fc
    .record({ bytes: fc.constantFrom(limit + 1, 2 * limit), shape: fc.constantFrom<Shape>('json', 'form', 'multipart', 'text') })
    .map(({ bytes, shape }) => padded(shape, bytes));
}

/** Just past the depth limit, the depth that overflowed the stack (7,000), and far beyond. */
const LEVELS = [MAX_JSON_DEPTH + 1, 1_000, 7_000, 40_000] as const;
const OPENERS = { arrays: ['['], objects: ['{"a":'], mixed: ['[', '{"a":'] } as const;

function nest(levels: number, kind: keyof typeof OPENERS, inner: string): string {
  const openers = OPENERS[kind];
  const open: string[] = [];
  const close: string[] = [];
  for (let i = 0; i < levels; i++) {
    const opener = openers[i % openers.length]!;
    open.push(opener);
    close.push(opener === '[' ? ']' : '}');
  }
  return `${open.join('')}${inner}${close.reverse().join('')}`;
}

/** JSON nested too deep to mean anything: arrays, objects or both, bare or under a field. */
export const deepJson: fc.Arbitrary<string> = fc
  .record({
    levels: fc.constantFrom(...LEVELS),
    kind: fc.constantFrom<keyof typeof OPENERS>('arrays', 'objects', 'mixed'),
    field: fc.constantFrom(null, 'id', 'name', 'items', 'email'),
  })
  .map(({ levels, kind, field }) => {
    const deep = nest(levels, kind, '1');
    return field ? `{"${field}":${deep}}` : deep;
  });

/** A deep body as JSON, and (for forms) as form fields whose names look nested. */
export const deepBody: fc.Arbitrary<FuzzBody> = fc.oneof(
  deepJson.map((body) => ({ body, contentType: 'application/json' })),
  fc.constantFrom(...LEVELS).map((levels) => ({ body: `email${'[a]'.repeat(levels)}=1`, contentType: 'application/x-www-form-urlencoded' })),
);

/** A list request with sort, range or filter nested too deep. */
export const deepListQuery: fc.Arbitrary<Record<string, string>> = fc
  .record({ param: fc.constantFrom('sort', 'range', 'filter'), deep: deepJson, under: fc.constantFrom(null, 'id', 'status', 'q', 'customerId') })
  .map(({ param, deep, under }) => ({ [param]: param === 'filter' && under ? `{"${under}":${deep}}` : deep }));

/** Anything hostile for a write, including what a single request already sends (malformed JSON). */
export function hostileBody(path: string): fc.Arbitrary<FuzzBody> {
  return fc.oneof(
    oversizedBody(path),
    deepBody,
    malformedJson.map((body) => ({ body, contentType: 'application/json' })),
  );
}

/** Several at once (1 to `max`), as one client with many connections sends them. */
export const concurrently = <T>(arb: fc.Arbitrary<T>, max = 8) => fc.array(arb, { minLength: 1, maxLength: max });

const now = () => Math.floor(Date.now() / 1000);

/** A well-formed event of a type Recur applies: every variant below breaks it in one place. */
function envelope(): Record<string, unknown> {
  return {
    id: 'evt_fuzz',
    object: 'event',
    type: 'customer.updated',
    created: now(),
    api_version: '2026-10-28.endive',
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: { id: 'cus_fuzz', object: 'customer', email: 'fuzz@example.com', name: 'Fuzz', metadata: {}, test_clock: null } },
  };
}

const DEEP = '"__deep__"';

/**
 * Webhook bodies that, correctly signed, still cannot be stored: a field of the wrong type, metadata
 * nested thousands deep, metadata over the 1 MiB limit, or not JSON at all. Signing is the caller's.
 */
export const impossibleEventPayload: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('id', 'type', 'livemode', 'created', 'data').chain((field) => {
    const event = envelope();
    return wrongValue(event[field]).map((value) => JSON.stringify({ ...envelope(), [field]: value }));
  }),
  deepJson.map((deep) => JSON.stringify({ ...envelope(), data: { object: { id: 'cus_fuzz', object: 'customer', metadata: '__deep__' } } }).replace(DEEP, deep)),
  fc
    .constantFrom(1, 2)
    .map((mib) => JSON.stringify({ ...envelope(), data: { object: { id: 'cus_fuzz', object: 'customer', metadata: { pad: 'x'.repeat(mib << 20) } } } })),
  malformedJson,
);
