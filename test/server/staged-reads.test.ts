import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StagedReads } from '../../server/stripe/inbox/stagedReads';
import { jsonRequest } from '../helpers/api';
import { testPostgresUrl } from '../helpers/database';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { deliver } from '../helpers/webhooks';

/**
 * The events list reads stripe_events; on a SQLite file deliveries are committed to a staging
 * file first (server/stripe/inbox/stagedReads.ts). A delivery answered 2xx must be listed by any
 * read that starts after that answer, and a read with nothing newly staged must not cost a move.
 */
describe('StagedReads: which reads wait for a move', () => {
  /** A move that takes a moment, counting how often it was asked for and what was staged when it started. */
  function countingMove() {
    const moves: number[] = [];
    let stagedNow = 0;
    const reads = new StagedReads(async () => {
      moves.push(stagedNow);
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    const stage = () => {
      stagedNow++;
      reads.noteStaged();
    };
    return { reads, moves, stage };
  }

  it('moves once at start (what a previous run left staged), then not again until something is staged', async () => {
    const { reads, moves } = countingMove();
    await reads.readable();
    await reads.readable();
    await Promise.all([reads.readable(), reads.readable()]);
    expect(moves).toHaveLength(1);
  });

  it('moves after a commit, and reads that come together share one move', async () => {
    const { reads, moves, stage } = countingMove();
    await reads.readable();
    stage();
    await Promise.all(Array.from({ length: 20 }, () => reads.readable()));
    expect(moves).toEqual([0, 1]);
    await reads.readable();
    expect(moves).toHaveLength(2);
  });

  it('a read after a commit made during a move waits for a second move that started after it', async () => {
    const { reads, moves, stage } = countingMove();
    await reads.readable();
    stage();
    const first = reads.readable(); // asks for a move with 1 staged
    stage(); // committed while that move runs: it may not have seen this one
    const second = reads.readable();
    await Promise.all([first, second]);
    expect(moves).toEqual([0, 1, 2]);
  });

  it('passes on a failed move, and the next read asks again', async () => {
    let fail = true;
    let asked = 0;
    const reads = new StagedReads(async () => {
      asked++;
      if (fail) throw new Error('the staging file could not be read');
    });
    await expect(reads.readable()).rejects.toThrow('could not be read');
    fail = false;
    await reads.readable();
    expect(asked).toBe(2);
  });
});

describe.skipIf(testPostgresUrl() !== null)('the events list shows every delivery answered 2xx (SQLite, staged deliveries)', () => {
  let recur: TestRecur;
  let cookie: string;

  beforeAll(async () => {
    recur = await startTestRecur();
    cookie = await signInCookie(recur.app);
  });
  afterAll(() => recur.close());

  const event = (n: number) => ({
    id: `evt_staged_read_${n}`,
    object: 'event',
    type: 'customer.updated',
    created: Math.floor(Date.now() / 1000),
    api_version: '2026-10-28.endive',
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: { id: `cus_staged_read_${n}`, object: 'customer', email: null } },
  });

  async function listedIds(): Promise<Set<string>> {
    const filter = encodeURIComponent(JSON.stringify({ type: 'customer.updated' }));
    const response = await jsonRequest(recur.app, 'GET', `/api/events?range=[0,499]&filter=${filter}`, { cookie });
    expect(response.status).toBe(200);
    return new Set(((await response.json()) as { id: string }[]).map((e) => e.id));
  }

  it('lists each delivery in the read that follows its 2xx, with reads and deliveries interleaved', async () => {
    for (let n = 0; n < 30; n++) {
      // A few reads in flight while the delivery is committed: they may or may not see it.
      const before = [listedIds(), listedIds()];
      expect((await deliver(recur, event(n))).status).toBe(200);
      const after = await listedIds();
      for (let m = 0; m <= n; m++) expect(after.has(`evt_staged_read_${m}`), `evt_staged_read_${m} after delivery ${n}`).toBe(true);
      await Promise.all(before);
    }
  });

  it('lists deliveries that were answered together, read at once by many', async () => {
    const batch = Array.from({ length: 40 }, (_, i) => event(100 + i));
    const answers = await Promise.all(batch.map((e) => deliver(recur, e)));
    expect(answers.map((a) => a.status)).toEqual(batch.map(() => 200));
    const reads = await Promise.all(Array.from({ length: 10 }, () => listedIds()));
    for (const ids of reads) for (const e of batch) expect(ids.has(e.id)).toBe(true);
  });
});
