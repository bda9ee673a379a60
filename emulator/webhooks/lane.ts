import { Fifo } from './fifo';

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
 * An endpoint's deliveries. `held` is the shuffle window being filled; `queue` is started in
 * order, up to the policy's concurrency at a time, so arrival order is only roughly event order
 * (Stripe does not promise order either).
 */
export interface Lane {
  queue: Fifo<Job>;
  held: Job[];
  holdTimer: NodeJS.Timeout | null;
  inFlight: number;
}

export function newLane(): Lane {
  return { queue: new Fifo<Job>(), held: [], holdTimer: null, inFlight: 0 };
}

export function laneBusy(lane: Lane): boolean {
  return lane.inFlight > 0 || lane.queue.length > 0 || lane.held.length > 0;
}
