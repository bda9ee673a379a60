import { defineConfig } from 'vitest/config';

// Server and emulator tests run on real SQLite files and real HTTP ports;
// each test file gets its own database and ephemeral ports, so files can run in parallel.
// With TEST_DATABASE_URL set (a PostgreSQL server), the server tests run a second time on
// PostgreSQL, each file on a fresh database of that server (test/helpers/database.ts).
const postgres = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // expect.poll waits for a state that comes eventually (a page's second request, an applied
    // webhook): it returns as soon as it holds, so the timeout only bounds a failure. Vitest's 1 s
    // default failed a browser test in a full CI run, where both cores are busy.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      {
        extends: true,
        // The SQLite run must not pick up the PostgreSQL server from the environment.
        test: { name: 'sqlite', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'], env: { TEST_DATABASE_URL: '' } },
      },
      ...(postgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: ['test/server/**/*.test.ts'],
                env: { TEST_DATABASE_URL: postgres },
                globalSetup: ['test/helpers/postgresSetup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
