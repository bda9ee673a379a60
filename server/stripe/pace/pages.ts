import type Stripe from 'stripe';
import type { PaceMeter, StripeEndpoint } from './pace';

/** One page of a Stripe list, after the object with id `startingAfter` (undefined: the first page). */
export type PageRequest<T> = (startingAfter: string | undefined) => Promise<Stripe.ApiList<T>>;

/**
 * Every page of a Stripe list, each request within the pace (`endpoint` names the list, e.g.
 * `invoices.list`: Stripe limits each endpoint on its own). Lists are cursor-paginated
 * (docs.stripe.com/api/pagination: `starting_after` is the last id of the page before, `limit` at
 * most 100), so a request that backs off on a 429 is sent again with the same cursor and the
 * listing resumes where it was; what earlier pages yielded has already been used. `from` starts
 * after that object (a sync resuming where it stopped).
 *
 * The next page is asked for as soon as a page arrives, before the caller has applied it: reading
 * and applying overlap, so the budget is not left idle while a page is written.
 */
export async function* pagesOf<T extends { id: string }>(
  meter: PaceMeter,
  endpoint: StripeEndpoint,
  request: PageRequest<T>,
  from?: string,
): AsyncGenerator<T[]> {
  for await (const batch of pageBatchesOf(meter, endpoint, request, from, 1)) yield* batch;
}

/**
 * `pagesOf`, reading on while the caller works, up to `maxPages` pages ahead: each batch is every
 * page that arrived since the caller took the last one (at least one, at most `maxPages`). A caller
 * slower than the pace then takes several pages at once, and can apply them in one transaction,
 * whose fixed cost is then paid once for all of them. If a request fails, the pages read before it
 * are yielded first, then the error is thrown. A caller that stops early leaves at most the request
 * in flight unanswered.
 */
export async function* pageBatchesOf<T extends { id: string }>(
  meter: PaceMeter,
  endpoint: StripeEndpoint,
  request: PageRequest<T>,
  from: string | undefined,
  maxPages: number,
): AsyncGenerator<T[][]> {
  const arrived: T[][] = [];
  // Set by the reader, read by the caller (an object, as a closure's writes to a `let` escape TypeScript's narrowing).
  const reading: { failure: { error: unknown } | null; finished: boolean; stopped: boolean } = { failure: null, finished: false, stopped: false };
  let pageArrived: (() => void) | null = null;
  let roomMade: (() => void) | null = null;
  const wakeReader = () => {
    roomMade?.();
    roomMade = null;
  };
  const wakeCaller = () => {
    pageArrived?.();
    pageArrived = null;
  };

  const read = async () => {
    let after = from;
    try {
      for (;;) {
        while (arrived.length >= maxPages && !reading.stopped) await new Promise<void>((resolve) => (roomMade = resolve));
        if (reading.stopped) return;
        const page: Stripe.ApiList<T> = await meter.run(endpoint, () => request(after));
        if (page.data.length) arrived.push(page.data);
        const last = page.data.at(-1);
        if (!page.has_more || !last) return;
        after = last.id;
        wakeCaller();
      }
    } catch (error) {
      reading.failure = { error };
    } finally {
      reading.finished = true;
      wakeCaller();
    }
  };
  void read();

  try {
    for (;;) {
      if (!arrived.length && !reading.finished) await new Promise<void>((resolve) => (pageArrived = resolve));
      if (arrived.length) {
        const batch = arrived.splice(0);
        wakeReader();
        yield batch;
      } else if (reading.failure) {
        throw reading.failure.error;
      } else if (reading.finished) {
        return;
      }
    }
  } finally {
    reading.stopped = true;
    wakeReader();
  }
}
