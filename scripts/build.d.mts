// Types for scripts/build.mjs (plain JavaScript, so that `npm start` needs no TypeScript), for the
// benches that build what they measure.
export type Part = 'admin' | 'server';
export declare const PARTS: Record<Part, { built: string; sources: string[] }>;
/** The parts that are missing or older than one of their sources. */
export declare function staleParts(): Part[];
export declare function buildServer(): Promise<void>;
export declare function buildAdmin(): Promise<void>;
export declare function buildParts(parts: readonly Part[]): Promise<void>;
