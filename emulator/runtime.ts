import type { Clock } from './clock';
import type { Store } from './store';
import type { EventBus } from './events/bus';
import type { ScopedClock } from './clock-scope';

/** The shared services every route and billing step works against. */
export interface Runtime {
  store: Store;
  clock: Clock;
  /** The same clock as `clock`, with the scoping that test clocks use. */
  time: ScopedClock;
  bus: EventBus;
  /** The account's default API version (EMULATOR_API_VERSION): new events, and endpoints without their own, use it. */
  apiVersion: string;
  log: (line: string) => void;
  /** Base URL for links the emulator hands out (hosted pages); defaults to the URL the request came in on. */
  publicUrl: string | null;
  /** The origin the latest request came in on: hosted-page links made later (renewals) use it when publicUrl is not set. */
  requestOrigin: string | null;
}
