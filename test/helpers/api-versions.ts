import Stripe from 'stripe';
import type { RunningEmulator } from '../../emulator/index';
import type { Receiver } from './emulator';

/** The version the SDK sends on every request, and the emulator's default account version. */
export const PINNED = Stripe.API_VERSION;

/** An event as it went over the wire, its object in whatever shape the version gave it. */
export interface WireEvent<T> {
  id: string;
  type: string;
  api_version: string;
  created: number;
  data: { object: T; previous_attributes?: Record<string, unknown> };
}

/** The invoice fields Recur reads, as versions before 2025-03-31.basil showed them. */
export interface LegacyInvoice {
  id: string;
  status: string;
  subscription: string | null;
  subscription_details: { metadata: Record<string, string> | null } | null;
  payment_intent: string | null;
  charge: string | null;
  paid: boolean;
  paid_out_of_band: boolean;
}

/** A subscription before basil: the period on the subscription, none on its items. */
export interface LegacySubscription {
  id: string;
  current_period_start: number;
  current_period_end: number;
  items: { data: { id: string; current_period_start?: number; current_period_end?: number }[] };
}

/** Deliveries a receiver got of one event type about one object, in arrival order. */
export function delivered<T extends { id: string }>(r: Receiver, type: string, objectId: string): WireEvent<T>[] {
  const out: WireEvent<T>[] = [];
  for (const d of r.received) {
    const event: WireEvent<T> = JSON.parse(d.body);
    if (event.type === type && event.data.object.id === objectId) out.push(event);
  }
  return out;
}

/** A raw /v1 request, so tests control the Stripe-Version header (the SDK always sends its own). */
export function v1Request(
  emulator: RunningEmulator,
  method: 'GET' | 'POST',
  path: string,
  opts: { form?: Record<string, string>; version?: string | null } = {},
): Promise<Response> {
  const headers: Record<string, string> = { Authorization: 'Bearer sk_test_versions' };
  const version = opts.version === undefined ? PINNED : opts.version;
  if (version !== null) headers['Stripe-Version'] = version;
  if (opts.form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  return fetch(`${emulator.url}${path}`, { method, headers, body: opts.form ? new URLSearchParams(opts.form).toString() : undefined });
}

export function postForm(emulator: RunningEmulator, path: string, form: Record<string, string>): Promise<Response> {
  return v1Request(emulator, 'POST', path, { form });
}
