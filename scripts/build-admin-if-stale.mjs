// `npm start` serves the built admin app; build it first when it is missing or older than its sources,
// so a fresh clone needs nothing more than `npm ci && npm start`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const built = 'dist/admin/index.html';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const sources = Math.max(newestMtime('admin'), newestMtime('shared'), statSync('vite.config.ts').mtimeMs);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  console.log('Building the admin app (once; `npm run build` rebuilds it)…');
  const { build } = await import('vite');
  await build({ logLevel: 'warn' });
}
