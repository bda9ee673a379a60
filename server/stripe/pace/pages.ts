import type Stripe from 'stripe';
import type { PaceMeter } from './pace';

/** One page of a Stripe list, after the object with id `startingAfter` (undefined: the first page). */
export type PageRequest<T> = (startingAfter: string | undefined) => Promise<Stripe.ApiList<T>>;

/**
 * Every page of a Stripe list, each request within the pace. Lists are cursor-paginated
 * (docs.stripe.com/api/pagination: `starting_after` is the last id of the page before, `limit` at
 * most 100), so a request that backs off on a 429 is sent again with the same cursor and the
 * listing resumes where it was; what earlier pages yielded has already been used. `from` starts
 * after that object (a sync resuming where it stopped).
 *
 * The next page is asked for as soon as a page arrives, before the caller has applied it: reading
 * and applying overlap, so the budget is not left idle while a page is written.
 */
export async function* pagesOf<T extends { id: string }>(meter: PaceMeter, request: PageRequest<T>, from?: string): AsyncGenerator<T[]> {
  const ask = (after: string | undefined) => {
    const pending = meter.run(() => request(after));
    pending.catch(() => undefined); // awaited below; a caller that stops early leaves it unobserved
    return pending;
  };
  let next: Promise<Stripe.ApiList<T>> | null = ask(from);
  while (next) {
    const page: Stripe.ApiList<T> = await next;
    const last = page.data.at(-1);
    next = page.has_more && last ? ask(last.id) : null;
    if (page.data.length) yield page.data;
  }
}
