// What `npm start` gives the server besides its code, read from package.json's start script, so a
// bench that runs the server itself (without npm in between) cannot drift from it.
//
// Why each is there, as measured when it was added:
// - `--max-semi-space-size=4`: a young generation of 4 MB semi-spaces instead of V8's 16. The
//   request thread's garbage is short-lived request data; 10 MB or more cost 40 MB of peak
//   resident memory in bench/webhooks (221 against 181 MB).
// - `MALLOC_ARENA_MAX=2`: glibc's malloc makes an arena per thread (request thread, apply thread,
//   libuv's pool), and their fragmentation is resident memory; two arenas cut the webhook bench's
//   peak by ~25 MB (246-252 -> 219-224 MB) at the same rate.
// - `MALLOC_MMAP_THRESHOLD_` and `MALLOC_TRIM_THRESHOLD_` at glibc's initial 128 KiB, fixed:
//   glibc otherwise raises both after the first large block is freed (start-up's parse of the
//   bundle frees many), and from then on keeps freed memory resident. Idle: 6-10 MB less
//   (bench/startup); bench/webhooks: peak 172 against 178-180 MB, the same rate.
// - `--heap-growing-percent=30` was given too while each delivery built a full web Request around
//   a stream (issue 17); since intake stopped building them (http/bodyLimits.tsx) the burst's
//   peak is the same without it, and without it the subscriptions list went from 1,080 to 1,344
//   req/s (fewer old-generation collections).
import { readFileSync } from 'node:fs';

export interface StartCommand {
  /** the variables set before node */
  env: Record<string, string>;
  /** node's own flags, before the script */
  nodeFlags: string[];
  /** what node runs, with its arguments */
  args: string[];
}

/** `A=1 B=2 exec node --flag scripts/start.mjs` → { env: {A, B}, nodeFlags: ['--flag'], args: ['scripts/start.mjs'] } */
export function parseStartScript(script: string): StartCommand {
  const words = script.trim().split(/\s+/);
  const env: Record<string, string> = {};
  let at = 0;
  for (; at < words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[at]!); at++) {
    const [name, ...value] = words[at]!.split('=');
    env[name!] = value.join('=');
  }
  if (words[at] === 'exec') at++;
  if (words[at] !== 'node') throw new Error(`npm start's script does not run node: ${script}`);
  const nodeFlags: string[] = [];
  for (at++; at < words.length && words[at]!.startsWith('-'); at++) nodeFlags.push(words[at]!);
  return { env, nodeFlags, args: words.slice(at) };
}

export function startCommand(): StartCommand {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  return parseStartScript(pkg.scripts.start);
}
