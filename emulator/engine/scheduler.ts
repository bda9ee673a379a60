import type { Runtime } from '../runtime';
import { runDue } from './run-due';

/**
 * Wall-clock billing: once a second, perform what has come due for objects not on a test
 * clock. The timer is unref'd so it never keeps a process alive.
 */
export function startScheduler(rt: Runtime, intervalMs = 1000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    try {
      runDue(rt, null, rt.time.wallNow());
    } catch (err) {
      rt.log(`scheduler: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
