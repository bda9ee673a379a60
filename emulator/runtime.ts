import type { Clock } from './clock';
import type { Store } from './store';
import type { EventBus } from './events/bus';

/** The shared services every route and billing step works against. */
export interface Runtime {
  store: Store;
  clock: Clock;
  bus: EventBus;
  log: (line: string) => void;
  /** Base URL for links the emulator hands out (hosted pages); defaults to the URL the request came in on. */
  publicUrl: string | null;
}
