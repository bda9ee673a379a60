/** A wait that ends early when `cancel` fires, so reset and close never leave a delivery parked. */
export function sleep(ms: number, cancel: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (cancel.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      cancel.removeEventListener('abort', done);
      resolve();
    }
    cancel.addEventListener('abort', done, { once: true });
  });
}
