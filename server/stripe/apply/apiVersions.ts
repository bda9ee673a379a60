import type Stripe from 'stripe';
import { Setting } from '../../db/models';
import { PINNED_API_VERSION } from '../client';
import type { Sql } from '../../db/sql';

/**
 * Which other API versions events arrive in, for /healthz and the admin. One settings row, written
 * by the batch that applies such events (in its transaction), never by ingest: events in the
 * pinned version, the normal case, cost nothing.
 */
const SETTING_KEY = 'stripe_event_api_versions';
/** Shown while events in a version arrived this recently; Stripe retries a delivery for up to 3 days. */
export const RECENT_DAYS = 7;
/** Versions are a short list; bounded all the same, oldest forgotten first. */
const MAX_VERSIONS = 20;
/** An event with no api_version (Stripe fills it only since 2014-10-31). */
const NO_VERSION = 'none';

interface Seen {
  lastSeenAt: string;
  lastEventId: string;
}
type SeenByVersion = Record<string, Seen>;

export interface OtherVersion {
  apiVersion: string;
  /** when Recur last applied an event in it (ISO) */
  lastSeenAt: string;
}

/** version → the last event in it, for the events of a batch that are not in the pinned version. */
export function otherVersionsOf(events: readonly Stripe.Event[]): Map<string, string> {
  const seen = new Map<string, string>();
  for (const event of events) if (event.api_version !== PINNED_API_VERSION) seen.set(event.api_version ?? NO_VERSION, event.id);
  return seen;
}

function parse(value: string | undefined): SeenByVersion {
  if (!value) return {};
  const parsed: unknown = JSON.parse(value);
  return typeof parsed === 'object' && parsed !== null ? (parsed as SeenByVersion) : {};
}

/** Records the versions in the applying transaction (under the apply lock, so read-then-write is safe). */
export async function noteOtherVersions(sql: Sql, seen: ReadonlyMap<string, string>, at: Date): Promise<void> {
  if (!seen.size) return;
  const rows = await sql.all<{ value: string }>('SELECT value FROM settings WHERE key = ?', [SETTING_KEY]);
  const record = parse(rows[0]?.value);
  for (const [version, eventId] of seen) record[version] = { lastSeenAt: at.toISOString(), lastEventId: eventId };
  const kept = Object.entries(record)
    .sort(([, a], [, b]) => b.lastSeenAt.localeCompare(a.lastSeenAt))
    .slice(0, MAX_VERSIONS);
  await sql.run(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    [SETTING_KEY, JSON.stringify(Object.fromEntries(kept)), at],
  );
}

/** The other versions events arrived in over the last RECENT_DAYS, newest first. */
export async function recentOtherVersions(now = new Date()): Promise<OtherVersion[]> {
  const row = await Setting.findByPk(SETTING_KEY);
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000).toISOString();
  return Object.entries(parse(row?.value))
    .filter(([, seen]) => seen.lastSeenAt >= since)
    .sort(([, a], [, b]) => b.lastSeenAt.localeCompare(a.lastSeenAt))
    .map(([apiVersion, seen]) => ({ apiVersion, lastSeenAt: seen.lastSeenAt }));
}
