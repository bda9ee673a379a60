// `npx tsx bench/bundle.ts`: the admin's JavaScript as a browser downloads it, gzipped. "Initial"
// is what index.html loads before the first page can render (its module script, the chunks it
// preloads and every chunk those import statically); lazy chunks (the dashboard's charts) are
// counted apart. Builds dist/admin first when it is missing; pass --build to always rebuild.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const DIST = 'dist/admin';
const ASSETS = join(DIST, 'assets');
const TARGET_KB = 400;

export interface BundleFigures {
  initialKb: number;
  initialFiles: { file: string; gzipKb: number }[];
  chartsKb: number;
  chartsFiles: { file: string; gzipKb: number }[];
  otherLazyKb: number;
  targetKb: number;
}

/** kB of 1000 bytes, as Vite reports sizes (the larger, stricter reading of the 400 KB target) */
const kb = (bytes: number) => Math.round((bytes / 1000) * 10) / 10;
/** level 9, as Vite's own size report uses */
const gzipKb = (file: string) => kb(gzipSync(readFileSync(join(ASSETS, file)), { level: 9 }).length);

/** Chunks a chunk imports statically (`import … from "./x.js"`, `import "./x.js"`), not `import("./x.js")`. */
function staticImports(file: string): string[] {
  const code = readFileSync(join(ASSETS, file), 'utf8');
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*["'`]\.\/([\w.-]+\.js)["'`]/g)) found.add(match[1]!);
  return [...found];
}

/** What index.html itself loads: its module script and the chunks it preloads. */
function entryFiles(html: string): string[] {
  const refs = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="[^"]*\/assets\/([\w.-]+\.js)"/g)].map((m) => m[1]!);
  return [...new Set(refs)];
}

export function measureBundle(): BundleFigures {
  if (process.argv.includes('--build') || !existsSync(join(DIST, 'index.html'))) {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  }
  const initial = new Set<string>();
  const queue = entryFiles(readFileSync(join(DIST, 'index.html'), 'utf8'));
  while (queue.length) {
    const file = queue.pop()!;
    if (initial.has(file)) continue;
    initial.add(file);
    queue.push(...staticImports(file));
  }
  const all = execFileSync('ls', [ASSETS], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith('.js'));
  const lazy = all.filter((file) => !initial.has(file));
  // The chart chunks: the lazy Charts module and the vendor chunk of recharts (vite.config.ts).
  const charts = lazy.filter((file) => /^charts-/i.test(basename(file)));
  const sum = (files: string[]) => Math.round(files.reduce((total, file) => total + gzipKb(file), 0) * 10) / 10;
  return {
    initialKb: sum([...initial]),
    initialFiles: [...initial].map((file) => ({ file, gzipKb: gzipKb(file) })).sort((a, b) => b.gzipKb - a.gzipKb),
    chartsKb: sum(charts),
    chartsFiles: charts.map((file) => ({ file, gzipKb: gzipKb(file) })),
    otherLazyKb: sum(lazy.filter((file) => !charts.includes(file))),
    targetKb: TARGET_KB,
  };
}

function main(): void {
  const figures = measureBundle();
  console.table(figures.initialFiles);
  console.log(`initial JavaScript, gzipped: ${figures.initialKb} KB (target ≤ ${TARGET_KB} KB) ${figures.initialKb <= TARGET_KB ? 'met' : 'NOT met'}`);
  console.log(`charts (lazy): ${figures.chartsKb} KB gzipped in ${figures.chartsFiles.map((f) => f.file).join(', ')}`);
  console.log(`other lazy chunks: ${figures.otherLazyKb} KB gzipped`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/bundle.json', JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2));
  console.log('written: bench/results/bundle.json');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
