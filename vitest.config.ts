import { defineConfig } from 'vitest/config';

// Server and emulator tests run on real SQLite files and real HTTP ports;
// each test file gets its own database and ephemeral ports, so files can run in parallel.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
