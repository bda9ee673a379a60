import { describe, expect, it } from 'vitest';
import { Collection } from '../../emulator/collection';
import { paginate, paginateCollection, type PageRequest } from '../../emulator/http/pagination';

/**
 * Stripe's list pagination (https://docs.stripe.com/api/pagination): newest first; `starting_after`
 * returns the objects listed after the named one, `ending_before` those listed before it, at most
 * `limit`, with `has_more`; the cursor must be an existing object (else `resource_missing` on the
 * cursor's parameter). The emulator's lists over a whole collection walk from the cursor instead of
 * listing everything first (emulator/http/pagination.ts `paginateCollection`): they must give
 * exactly the pages `paginate` gives over the listed objects, errors included.
 */
interface Obj {
  id: string;
  created: number;
  kind: 'a' | 'b';
}

function collection(size: number): Collection<Obj> {
  const c = new Collection<Obj>();
  // several objects per second, as a burst makes them: insertion order is the listing order
  for (let i = 0; i < size; i++) c.insert({ id: `obj_${i}`, created: 1_700_000_000 + Math.floor(i / 3), kind: i % 3 === 0 ? 'b' : 'a' });
  return c;
}

const outcome = (run: () => unknown) => {
  try {
    return { page: run() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
};

describe('walking a collection from a cursor', () => {
  const c = collection(40);
  const filters: [string, (o: Obj) => boolean][] = [
    ['all', () => true],
    ['kind b', (o) => o.kind === 'b'],
    ['none', () => false],
  ];

  it('gives the same pages, has_more and errors as paginating the whole list', () => {
    let compared = 0;
    for (const [, match] of filters) {
      for (const limit of [1, 3, 10, 100]) {
        const requests: PageRequest[] = [{ limit }];
        for (const cursor of [...c.newestFirst().map((o) => o.id), 'obj_missing'])
          requests.push({ limit, startingAfter: cursor }, { limit, endingBefore: cursor });
        for (const req of requests) {
          const walked = outcome(() => paginateCollection(c, match, req, '/v1/things', 'thing'));
          const listed = outcome(() => paginate(c.newestFirst(match), req, '/v1/things', 'thing'));
          expect(walked, JSON.stringify(req)).toEqual(listed);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(900);
  });

  it('pages through every object once, newest first, with starting_after', () => {
    const seen: string[] = [];
    let req: PageRequest = { limit: 7 };
    for (;;) {
      const page = paginateCollection(c, () => true, req, '/v1/things', 'thing');
      seen.push(...page.data.map((o) => o.id));
      if (!page.has_more) break;
      req = { limit: 7, startingAfter: page.data.at(-1)!.id };
    }
    expect(seen).toEqual(c.newestFirst().map((o) => o.id));
  });

  it('still finds cursors after objects are removed and added', () => {
    const d = collection(12);
    d.newestFirst(); // positions are built on the first cursor lookup below
    expect(paginateCollection(d, () => true, { limit: 2, startingAfter: 'obj_5' }, '/v1/things', 'thing').data.map((o) => o.id)).toEqual(['obj_4', 'obj_3']);
    d.remove('obj_4');
    d.insert({ id: 'obj_new', created: 1_800_000_000, kind: 'a' });
    expect(paginateCollection(d, () => true, { limit: 2, startingAfter: 'obj_5' }, '/v1/things', 'thing').data.map((o) => o.id)).toEqual(['obj_3', 'obj_2']);
    expect(paginateCollection(d, () => true, { limit: 2, endingBefore: 'obj_11' }, '/v1/things', 'thing').data.map((o) => o.id)).toEqual(['obj_new']);
    expect(() => paginateCollection(d, () => true, { limit: 2, startingAfter: 'obj_4' }, '/v1/things', 'thing')).toThrow("No such thing: 'obj_4'");
  });
});
