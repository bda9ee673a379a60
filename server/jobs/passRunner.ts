/**
 * One background pass at a time (the e-mail outbox, outgoing webhooks): a kick during a pass asks
 * for one more pass after it rather than a second one beside it, so a burst of kicks costs at
 * most one extra pass, and two passes never claim rows side by side in one process.
 */
export interface PassRunner {
  /** starts a pass, or asks for one more after the running one; resolves when that pass ends */
  kick(): Promise<void>;
  /** waits for what is running or asked for, then runs one more pass and waits for it */
  flush(): Promise<void>;
  /** no pass starts any more; resolves when the running one has ended */
  stop(): Promise<void>;
  /** for a pass's loop: stop() was called, end early */
  readonly stopped: boolean;
}

export function passRunner(pass: () => Promise<void>, onError: (err: unknown) => void): PassRunner {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const kick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = pass()
      .catch(onError)
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          void kick();
        }
      });
    return running;
  };
  return {
    kick,
    async flush() {
      while (running || again) await running;
      await kick();
    },
    async stop() {
      stopped = true;
      await running;
    },
    get stopped() {
      return stopped;
    },
  };
}
