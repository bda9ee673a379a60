// `npm start` (and `npm run sync`): Recur compiled to JavaScript, run by this one node process. A
// part of dist/ that is missing or older than its sources (a fresh clone, a pull) is built first,
// by a child process that exits before Recur starts: Vite and esbuild stay out of its memory.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { staleParts } from './build.mjs';

/** What each command runs, compiled by scripts/build.mjs; the sync needs no admin. */
const COMMANDS = {
  server: { entry: '../dist/server/index.js', parts: ['server', 'admin'] },
  sync: { entry: '../dist/sync/index.js', parts: ['server'] },
};

// `node scripts/start.mjs [server|sync] [arguments of the command]`
const named = COMMANDS[process.argv[2]] ? process.argv.splice(2, 1)[0] : 'server';
const command = COMMANDS[named];

// As npm runs it, from the repository: dist/, data/ and the sources are found from there.
process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const stale = staleParts().filter((part) => command.parts.includes(part));
if (stale.length) {
  // The sync's standard output is its report: this line goes to standard error there.
  (named === 'sync' ? console.error : console.log)(`Building ${stale.join(' and ')} into dist/ (once; \`npm run build\` rebuilds it)…`);
  const build = spawnSync(process.execPath, ['scripts/build.mjs', ...stale], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

await import(command.entry);
