import type { Clock } from './clock';

/**
 * The clock every route and the event bus read. Work done for a customer on a test clock runs
 * inside `at(frozenTime, …)`, so the objects and events it creates carry the test clock's time
 * without each builder being told. Billing work is synchronous, so a stack is enough.
 */
export class ScopedClock implements Clock {
  private readonly stack: number[] = [];

  constructor(private readonly base: Clock) {}

  now(): number {
    return this.stack.length > 0 ? this.stack[this.stack.length - 1] : this.base.now();
  }

  /** The wall (or injected) clock, whatever scope is active. */
  wallNow(): number {
    return this.base.now();
  }

  at<T>(time: number | null, work: () => T): T {
    if (time === null) return work();
    this.stack.push(time);
    try {
      return work();
    } finally {
      this.stack.pop();
    }
  }
}
