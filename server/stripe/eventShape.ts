import { handlersByObjectType } from './handlers';

/**
 * What a signed body must look like before Recur stores it: a right signature proves who sent the
 * bytes, not that they make sense, and a stored event with an impossible field either breaks the
 * insert (a 500 where PostgreSQL's column is too short) or, worse, becomes state that blocks real
 * events later (a mirrored row keeps the `created` of the last event applied and ignores older ones,
 * so one event dated next year would freeze that row for a year).
 *
 * Webhook ingest refuses such a body with 400 and stores nothing (inbox/verify.ts); the apply path checks
 * again and quarantines any that got in another way (a catch-up, an older Recur), failed for good
 * with the problem as its error, never applied.
 */

/**
 * Stripe: "you can safely assume object IDs we generate will never exceed 255 characters"
 * (docs.stripe.com/upgrades, backward-compatible changes). Not narrower than that: ids chosen by
 * users (coupons, customers, products, plans) were free-form before 2018-05-21
 * (docs.stripe.com/changelog/2018-05-21/valid-characters-ids-coupons-skus-customers-products-plans),
 * so only control characters, which no id has and PostgreSQL's text refuses (NUL), are refused.
 */
export const MAX_ID_LENGTH = 255;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f]/;
/** The inbox's columns (stripe_events.type, object_type); Stripe's longest event type is under 60 characters. */
const MAX_EVENT_TYPE_LENGTH = 80;
const MAX_OBJECT_TYPE_LENGTH = 48;
const NAME = /^[a-z0-9_]+(?:\.[a-z0-9_]+)*$/;
/** "YYYY-MM-DD" or "YYYY-MM-DD.release" (docs.stripe.com/api/versioning). */
const API_VERSION = /^\d{4}-\d{2}-\d{2}(?:\.[a-z]+)?$/;
/** The clock difference allowed, as for a signature's timestamp (Stripe's 300 s tolerance, inbox/verify.ts). */
const CLOCK_SKEW_SECONDS = 300;
/** The latest time a JavaScript Date can hold (8.64e15 ms): later ones cannot be stored as dates at all. */
const LAST_DATE_SECONDS = 8_640_000_000_000;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function idProblem(what: string, id: unknown): string | null {
  if (typeof id !== 'string' || !id.length) return `${what} must be a non-empty string`;
  if (id.length > MAX_ID_LENGTH) return `${what} is longer than the ${MAX_ID_LENGTH} characters a Stripe id can have`;
  if (CONTROL.test(id)) return `${what} contains a control character`;
  return null;
}

/**
 * invoice.upcoming is the one event of an object type Recur applies whose object has no id:
 * "the received Invoice object will not have an invoice ID" (docs.stripe.com/api/events/types).
 * Other object types (a `balance`, say) may have none either; Recur only stores and ignores them.
 */
function needsId(eventType: string, objectType: string): boolean {
  return handlersByObjectType.has(objectType) && eventType !== 'invoice.upcoming';
}

/**
 * How far ahead of Recur's clock an event may be dated. A live event is created before it is
 * delivered, and a delivery signed more than 300 s from now is refused anyway. In test mode a test
 * clock dates the events of its objects at its own time, which runs ahead ("advance to a specific
 * future time to observe webhooks", docs.stripe.com/api/test_clocks): allowed unless the object
 * itself says it is on no clock (`test_clock: null` on customers, subscriptions, invoices). Objects
 * without that field (charges, payment intents, discounts) cannot say, and are allowed in test mode.
 */
function mayBeAhead(event: Json, object: Json): boolean {
  return event.livemode === false && object.test_clock !== null;
}

function createdProblem(event: Json, object: Json, now: number): string | null {
  const { created } = event;
  if (typeof created !== 'number' || !Number.isSafeInteger(created) || created <= 0 || created > LAST_DATE_SECONDS) {
    return 'created must be a whole number of seconds since 1970';
  }
  if (created > now + CLOCK_SKEW_SECONDS && !mayBeAhead(event, object)) {
    return `created (${new Date(created * 1000).toISOString()}) is in the future: an event dated ahead would make every later one look older`;
  }
  return null;
}

/** Why the body cannot be a Stripe event, or null when nothing is impossible in it. */
export function eventProblem(event: unknown, now = Math.floor(Date.now() / 1000)): string | null {
  if (!isObject(event)) return 'The body is not a Stripe event';
  const problem = idProblem('id', event.id);
  if (problem) return `The event's ${problem}`;
  const { type, data } = event;
  if (typeof type !== 'string' || type.length > MAX_EVENT_TYPE_LENGTH || !NAME.test(type)) return 'type must be a Stripe event type';
  if (typeof event.livemode !== 'boolean') return 'livemode must be true or false';
  if (event.api_version !== null && event.api_version !== undefined && (typeof event.api_version !== 'string' || !API_VERSION.test(event.api_version))) {
    return 'api_version must be a Stripe API version';
  }
  if (!isObject(data) || !isObject(data.object)) return 'data.object must be an object';
  const object = data.object;
  if (typeof object.object !== 'string' || object.object.length > MAX_OBJECT_TYPE_LENGTH || !NAME.test(object.object)) {
    return 'data.object.object must be a Stripe object type';
  }
  if (needsId(type, object.object) || (object.id !== undefined && object.id !== null)) {
    const bad = idProblem(`data.object.id (a ${object.object})`, object.id);
    if (bad) return bad;
  }
  return createdProblem(event, object, now);
}
