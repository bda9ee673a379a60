import type { Migration } from './types';
import { migration as initialSchema } from './001-initial-schema';

/** In order. Listed explicitly so the bundle-free runtime (tsx) needs no file globbing. */
export const migrations: Migration[] = [initialSchema];
