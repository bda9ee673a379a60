import { createHmac } from 'node:crypto';

/**
 * Stripe's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload">`. The timestamp is
 * wall-clock time even when a test clock has moved, because receivers check it against their own clock.
 */
export function signatureHeader(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(payload, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}
