import { deliveryBody, signedHeaders } from './sign';

export interface Attempt {
  url: string;
  secret: string;
  event: { id: string; type: string; createdAt: string; data: unknown };
}

export interface AttemptResult {
  ok: boolean;
  /** the HTTP status, null when none came (timeout, refused, bad address) */
  status: number | null;
  /** the start of the response body: the receiver chose what it says, so never more */
  excerpt: string | null;
  error: string | null;
  ms: number;
}

const EXCERPT_BYTES = 500;

/** Reads at most `limit` bytes of a body and drops the rest unread. */
async function excerptOf(response: Response, limit = EXCERPT_BYTES): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(parts).subarray(0, limit).toString('utf8');
  return text.length ? text : null;
}

/**
 * One POST, signed per Standard Webhooks. The URL is the admin's, so the request is bounded: a
 * timeout covers connecting, the answer and the excerpt read; redirects are not followed (a 3xx
 * is a failed attempt: the admin fixes the URL rather than Recur posting wherever it points).
 * 2xx is success, as the spec defines it.
 */
export async function attemptDelivery(attempt: Attempt, timeoutMs: number): Promise<AttemptResult> {
  const body = deliveryBody(attempt.event);
  const started = Date.now();
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(attempt.url, {
      method: 'POST',
      body,
      headers: signedHeaders(attempt.secret, attempt.event.id, new Date(), body),
      redirect: 'manual',
      signal,
    });
    const excerpt = await excerptOf(response).catch(() => null);
    const ok = response.status >= 200 && response.status < 300;
    return { ok, status: response.status, excerpt, error: ok ? null : `HTTP ${response.status}`, ms: Date.now() - started };
  } catch (error) {
    const message = signal.aborted ? `no answer within ${timeoutMs} ms` : errorText(error);
    return { ok: false, status: null, excerpt: null, error: message.slice(0, 500), ms: Date.now() - started };
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
