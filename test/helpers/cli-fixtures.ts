import Stripe from 'stripe';
import type { CliFixture, CliStep, Param, Responses } from './cli-fixture-data';
import type { Receiver } from './emulator';
import { resolveParam, resolveString, toJson } from './cli-fixture-data';
import { eventually, startReceiver, waitFor } from './emulator';

/**
 * Replays our transcriptions of `stripe trigger` fixtures through the real SDK, the way the CLI
 * sends them: each step's response is kept under its name for later `${name:path}` references.
 */

/** One webhook endpoint for every event, and what it has received so far, verified. */
export interface CliListener {
  receiver: Receiver;
  secret: string;
  events: Stripe.Event[];
  /** Parses deliveries that arrived since the last call; a bad signature throws. */
  collect(): void;
}

export async function listenForAll(stripe: Stripe): Promise<CliListener> {
  const receiver = await startReceiver();
  const endpoint = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'] });
  const secret = endpoint.secret;
  if (!secret) throw new Error('webhook endpoint create returned no secret');
  const events: Stripe.Event[] = [];
  let seen = 0;
  return {
    receiver,
    secret,
    events,
    collect() {
      for (; seen < receiver.received.length; seen++) {
        const { body, signature } = receiver.received[seen];
        events.push(stripe.webhooks.constructEvent(body, signature, secret));
      }
    },
  };
}

type Json = ReturnType<typeof toJson>;

/** GET and DELETE carry their params in the query string, bracket-encoded as Stripe reads them. */
function queryString(params: Record<string, Param>): string {
  const pairs: string[] = [];
  const add = (key: string, value: Param): void => {
    if (Array.isArray(value)) for (const [i, v] of value.entries()) add(`${key}[${i}]`, v);
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v);
    else pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  };
  for (const [k, v] of Object.entries(params)) add(k, v);
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

async function send(stripe: Stripe, step: CliStep, responses: Responses): Promise<Json> {
  const path = resolveString(step.path, responses);
  const params = step.params ? resolveParam(step.params, responses) : undefined;
  const method = step.method.toUpperCase();
  const record = params !== undefined && typeof params === 'object' && !Array.isArray(params) ? params : {};
  const label = `step ${step.name} (${method} ${path})`;
  let response: unknown;
  try {
    // The SDK's rawRequest takes a body only on POST; other methods put params in the path.
    response = method === 'POST' ? await stripe.rawRequest(method, path, record) : await stripe.rawRequest(method, path + queryString(record));
  } catch (err) {
    if (!(err instanceof Stripe.errors.StripeError)) throw err;
    if (step.expectError !== undefined && err.rawType === step.expectError) return toJson(err.raw);
    throw new Error(`${label} failed: ${err.rawType ?? err.type}: ${err.message}`);
  }
  if (step.expectError !== undefined) throw new Error(`${label} succeeded, but Stripe refuses it with a ${step.expectError}`);
  return toJson(response);
}

/** Every `id` in a response: the objects this replay made or touched, which its events are about. */
function collectIds(value: Json, into: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) collectIds(v, into);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'id' && typeof v === 'string') into.add(v);
      else collectIds(v, into);
    }
  }
}

function mentions(value: unknown, ids: Set<string>): boolean {
  if (typeof value === 'string') return ids.has(value);
  if (Array.isArray(value)) return value.some((v) => mentions(v, ids));
  if (value !== null && typeof value === 'object') return Object.values(value).some((v) => mentions(v, ids));
  return false;
}

export interface ReplayContext {
  stripe: Stripe;
  emulatorUrl: string;
  listener: CliListener;
}

export interface ReplayResult {
  /** Every event about this replay's objects, in arrival order. */
  events: Stripe.Event[];
  /** Expected event types that never arrived. */
  missing: string[];
  /** `absentEvents` that arrived anyway. */
  unexpected: string[];
}

/** Test clocks advance after the response; the replay is done once every clock it made is ready. */
async function clocksReady(stripe: Stripe, responses: Responses): Promise<void> {
  for (const response of responses.values()) {
    if (response === null || typeof response !== 'object' || Array.isArray(response)) continue;
    if (response.object !== 'test_helpers.test_clock' || typeof response.id !== 'string') continue;
    const id = response.id;
    await eventually(
      () => stripe.testHelpers.testClocks.retrieve(id),
      (clock) => clock.status === 'ready',
    );
  }
}

export async function replayCliFixture(ctx: ReplayContext, fixture: CliFixture, timeoutMs = 10_000): Promise<ReplayResult> {
  const responses: Responses = new Map();
  const ids = new Set<string>();
  for (const step of fixture.steps) {
    const response = await send(ctx.stripe, step, responses);
    responses.set(step.name, response);
    collectIds(response, ids);
  }
  await clocksReady(ctx.stripe, responses);
  const ours = (): Stripe.Event[] => {
    ctx.listener.collect();
    return ctx.listener.events.filter((e) => mentions(e.data.object, ids));
  };
  const missing = (): string[] => fixture.events.filter((type) => !ours().some((e) => e.type === type));
  await waitFor(() => missing().length === 0, timeoutMs).catch(() => undefined);
  // Absence can only be judged once the emulator has delivered everything it had queued.
  if (fixture.absentEvents) await fetch(`${ctx.emulatorUrl}/_emulator/deliveries/idle?timeout_ms=${timeoutMs}`);
  const events = ours();
  return {
    events,
    missing: missing(),
    unexpected: (fixture.absentEvents ?? []).filter((type) => events.some((e) => e.type === type)),
  };
}
