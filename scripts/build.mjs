// `npm run build`: the admin app (Vite, into dist/admin) and the server with the embedded Stripe
// emulator (esbuild, into dist/server and dist/emulator), which `npm start` runs with plain node.
// scripts/start.mjs imports this module to rebuild only the parts older than their sources.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What each part is built from, and the file whose age says when it was last built. */
export const PARTS = {
  admin: { built: 'dist/admin/index.html', sources: ['admin', 'shared', 'vite.config.ts'] },
  server: {
    built: 'dist/server/index.js',
    sources: ['server', 'emulator', 'shared', 'scripts/sync.ts', 'scripts/syncProgressBar.ts', 'package.json', 'scripts/build.mjs'],
  },
};

/**
 * The compiled entries. The apply thread (server/stripe/inbox/thread.ts) is an entry of its own,
 * next to the server's bundle: server/stripe/inbox/applyThread.ts, bundled into
 * dist/server/index.js, starts it from there (`apply-thread.js` beside its own module).
 */
const SERVER_ENTRIES = [
  { in: 'server/index.ts', out: 'server/index' },
  { in: 'server/stripe/inbox/thread.ts', out: 'server/apply-thread' },
  { in: 'emulator/main.ts', out: 'emulator/main' },
  // `npm run sync`
  { in: 'scripts/sync.ts', out: 'sync/index' },
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** The parts that are missing or older than one of their sources. */
export function staleParts() {
  return Object.entries(PARTS)
    .filter(([, part]) => !existsSync(part.built) || statSync(part.built).mtimeMs < Math.max(...part.sources.map(newestMtime)))
    .map(([name]) => name);
}

/**
 * Left to node_modules: native addons and their drivers (sqlite3, pg, argon2), pino (its
 * transports run files of their own in worker threads), and what Recur loads only when needed
 * (nodemailer with SMTP_URL, umzug with a migration to apply) so that it costs nothing otherwise.
 */
const EXTERNAL_PACKAGES = ['sqlite3', 'pg', 'pg-hstore', 'pg-native', '@node-rs/argon2', 'pino', 'pino-pretty', 'nodemailer', 'umzug'];

/**
 * The server, its apply thread and the emulator: one ESM bundle each, with the pure-JavaScript
 * packages inside. Loading them from node_modules one file at a time (thousands of lookups and
 * compilations) took ~0.7 s of every start; the bundle loads in ~0.45 s.
 */
export async function buildServer() {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: SERVER_ENTRIES,
    outdir: 'dist',
    bundle: true,
    external: EXTERNAL_PACKAGES,
    // CommonJS packages inside an ES module: their require() of node's modules and of the
    // packages left outside needs one, resolved from dist/ (node_modules is found from there).
    banner: { js: "import { createRequire as recurCreateRequire } from 'node:module'; const require = recurCreateRequire(import.meta.url);" },
    legalComments: 'none',
    // V8 keeps each script's whole source in the heap (~5.5 MB for the server, 4.3 for the apply
    // thread): without whitespace and with shorter syntax it is ~30 % smaller, ~4 MB less resident
    // at idle. Names are kept, so stack traces still name their functions.
    minifyWhitespace: true,
    minifySyntax: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Not read unless node runs with --enable-source-maps (stack traces cost more with them on).
    sourcemap: 'linked',
    logLevel: 'warning',
    write: false,
  });
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    // esbuild escapes non-ASCII characters in code, not in the comments it keeps; one `→` there
    // makes V8 hold the whole bundle's source as two bytes a character (~1 MB more per thread).
    writeFileSync(
      file.path,
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is every non-ASCII character
      file.path.endsWith('.js') ? file.text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : file.contents,
    );
  }
}

export async function buildAdmin() {
  const { build } = await import('vite');
  await build({ logLevel: 'warn' });
}

export async function buildParts(parts) {
  // The server first: it takes a fraction of a second, the admin several.
  if (parts.includes('server')) await buildServer();
  if (parts.includes('admin')) await buildAdmin();
}

// `node scripts/build.mjs [admin] [server]`: the parts named, or all of them.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const named = process.argv.slice(2);
  await buildParts(named.length ? named : Object.keys(PARTS));
}
