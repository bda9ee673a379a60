// `npm start`: Recur compiled to JavaScript, run by this one node process. A part of dist/ that is
// missing or older than its sources (a fresh clone, a pull) is built first, by a child process
// that exits before Recur starts: Vite and esbuild stay out of the server's memory.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { staleParts } from './build.mjs';

// As npm runs it, from the repository: dist/, data/ and the sources are found from there.
process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const stale = staleParts();
if (stale.length) {
  console.log(`Building ${stale.join(' and ')} into dist/ (once; \`npm run build\` rebuilds it)…`);
  const build = spawnSync(process.execPath, ['scripts/build.mjs', ...stale], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

await import('../dist/server/index.js');
