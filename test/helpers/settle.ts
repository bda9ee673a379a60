import { noticeAllStateChanges } from '../../server/appEvents/notice';
import type { TestRecur } from './recur';

/**
 * Waits until the emulator has delivered everything it sent and Recur has applied it: the state
 * a person would see a moment after Stripe acted, Recur's own events for it written too (the
 * outgoing-webhook worker compares the changed customers on its next pass; this does it now).
 */
export async function settle(recur: TestRecur): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const res = await fetch(`${recur.emulator.url}/_emulator/deliveries/idle?timeout_ms=20000`);
    if (!res.ok) throw new Error(`the emulator did not finish delivering (${res.status})`);
    await recur.inbox.idle();
  }
  await noticeAllStateChanges(recur.db);
}
