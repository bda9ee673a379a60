import type { Migration } from './types';
import { migration as initialSchema } from './001-initial-schema';
import { migration as eventRetries } from './002-event-retries-and-invoice-payments';

/** In order. Listed explicitly so the bundle-free runtime (tsx) needs no file globbing. */
export const migrations: Migration[] = [initialSchema, eventRetries];
