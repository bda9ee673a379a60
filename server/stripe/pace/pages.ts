import type Stripe from 'stripe';
import type { PaceMeter } from './pace';

/** One page of a Stripe list, after the object with id `startingAfter` (undefined: the first page). */
export type PageRequest<T> = (startingAfter: string | undefined) => Promise<Stripe.ApiList<T>>;

/**
 * Every page of a Stripe list, each request within the pace. Lists are cursor-paginated
 * (docs.stripe.com/api/pagination: `starting_after` is the last id of the page before), so a
 * request that backs off on a 429 is sent again with the same cursor and the listing resumes
 * where it was; what earlier pages yielded has already been used.
 */
export async function* pagesOf<T extends { id: string }>(meter: PaceMeter, request: PageRequest<T>): AsyncGenerator<T[]> {
  let after: string | undefined;
  for (;;) {
    const page = await meter.run(() => request(after));
    if (page.data.length) yield page.data;
    if (!page.has_more || !page.data.length) return;
    after = page.data[page.data.length - 1]!.id;
  }
}
