/**
 * Read-your-writes for the events list, at the cost of a round trip only when it buys something.
 *
 * On a SQLite file deliveries are committed to the staging file, and the events list reads
 * stripe_events: before a read, the apply thread moves what is staged (`move`), so an event whose
 * delivery was answered 2xx is listed. Asking the thread on every read cost each list request a
 * message to the other thread and a statement on the staging file there, also when nothing had
 * been staged since the last move (the usual case: an admin paging a quiet list).
 *
 * So this process counts its staging commits. A move that was asked for after the n-th commit
 * made every commit up to n visible (one SQLite file, one writer: the staging file is this
 * process's alone). A read waits only when a commit came after the last such move, and reads that
 * arrive together share one move.
 */
export class StagedReads {
  /** 1 at start: whatever a previous run left staged is moved before the first read. */
  private staged = 1;
  private visible = 0;
  private moving: Promise<void> | null = null;

  constructor(private readonly move: () => Promise<void>) {}

  /** A staging commit completed (called before its deliveries are answered). */
  noteStaged(): void {
    this.staged++;
  }

  /** Resolves once every delivery committed before the call is in stripe_events. */
  async readable(): Promise<void> {
    const wanted = this.staged;
    while (this.visible < wanted) {
      // A move under way may have been asked for before the commits this read must see: wait for
      // it, then ask again if it fell short.
      if (this.moving) {
        await this.moving;
        continue;
      }
      const upTo = this.staged;
      this.moving = this.move()
        .then(() => {
          this.visible = Math.max(this.visible, upTo);
        })
        .finally(() => {
          this.moving = null;
        });
      await this.moving;
    }
  }
}
