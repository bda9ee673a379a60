/** One queued attempt to deliver one event to one endpoint. */
export interface Job {
  eventId: string;
  endpointId: string;
  attempt: number;
  /** The extra copy made by duplicate fault injection: logged, never retried, never counted. */
  duplicate: boolean;
  resend: boolean;
}

/**
 * An endpoint's deliveries. `held` is the shuffle window being filled; `queue` is sent one at
 * a time, so first attempts reach an endpoint in the order they were released.
 */
export interface Lane {
  queue: Job[];
  held: Job[];
  holdTimer: NodeJS.Timeout | null;
  busy: boolean;
}

export function newLane(): Lane {
  return { queue: [], held: [], holdTimer: null, busy: false };
}

export function laneBusy(lane: Lane): boolean {
  return lane.busy || lane.queue.length > 0 || lane.held.length > 0;
}
