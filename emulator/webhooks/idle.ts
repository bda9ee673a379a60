/**
 * Promises waiting for the delivery stream to go quiet. Settled from the dispatcher whenever
 * work finishes, rather than polled, so a benchmark learns "done" the moment it is.
 */
export class IdleWaiters {
  private waiters: Array<() => void> = [];

  wait(isIdle: () => boolean): Promise<void> {
    if (isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  check(isIdle: () => boolean): void {
    if (this.waiters.length === 0 || !isIdle()) return;
    const ready = this.waiters;
    this.waiters = [];
    for (const resolve of ready) resolve();
  }
}
