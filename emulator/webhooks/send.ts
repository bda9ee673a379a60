import { signatureHeader } from './signing';

export interface SendResult {
  status: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * One signed POST, as Stripe sends it. `cancel` aborts it when the dispatcher resets or closes;
 * the timeout counts as a failed attempt, to be retried like a non-2xx answer.
 */
export async function sendDelivery(
  url: string,
  payload: string,
  secret: string,
  timeoutMs: number,
  cancel: AbortSignal,
): Promise<SendResult> {
  const started = Date.now();
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(url, {
      method: 'POST',
      body: payload,
      signal: AbortSignal.any([cancel, timeout]),
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        'Stripe-Signature': signatureHeader(payload, secret),
        Accept: '*/*; q=0.5, application/xml',
        'Cache-Control': 'no-cache',
      },
    });
    // The body is read (and dropped) so the connection can be reused, but only until the timeout.
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status, error: null, durationMs: Date.now() - started };
  } catch (err) {
    const error = timeout.aborted ? `timed out after ${timeoutMs} ms` : describe(err);
    return { status: null, error, durationMs: Date.now() - started };
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}
