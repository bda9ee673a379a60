import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * A Standard Webhooks secret: `whsec_` and base64 of 32 random bytes, the format the spec and its
 * libraries read (the key is the base64-decoded part; the spec asks for 24 to 64 bytes).
 */
export function newEndpointSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The body every delivery carries, as the spec's example payload: `{type, timestamp, data}`. */
export function deliveryBody(event: { type: string; createdAt: string; data: unknown }): string {
  return JSON.stringify({ type: event.type, timestamp: event.createdAt, data: event.data });
}

/**
 * The spec's three headers. `webhook-id` is the event's id, the same on every retry and replay,
 * so a receiver can drop a repeat; `webhook-timestamp` is this attempt's time (receivers reject
 * old ones against replay attacks); the signature covers `id.timestamp.body`.
 */
export function signedHeaders(secret: string, messageId: string, at: Date, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'Recur-Webhooks/1',
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, at, body),
  };
}
