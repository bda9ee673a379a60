// The table `npm run bench` prints, as Markdown for the README: `npx tsx bench/markdown.ts` prints
// it from bench/results/latest.json; `--readme` puts it into README.md between the two markers
// (so the README's figures are exactly the last run's output, with its machine and load).
import { readFileSync, writeFileSync } from 'node:fs';

export interface BenchResults {
  at: string;
  machine: {
    cpus: number;
    cpuModel?: string;
    memoryGiB: number;
    node: string;
    loadAtStart: string;
    loadAtEnd: string;
    /** other processes using more than a tenth of a core when the run started (bench/quiet.ts); absent in runs before it */
    busyAtStart?: string[];
  };
  /** met: null for a figure printed for scale, with no target */
  rows: { benchmark: string; figure: string; target: string; met: boolean | null }[];
}

const START = '<!-- bench:start (npx tsx bench/markdown.ts --readme) -->';
const END = '<!-- bench:end -->';

/** A table cell: pipes would end the cell early, and backticks in figures stay as they are. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Whether anything else was running when the benchmarks started: they share the machine's cores with it. */
function busyBeside(busy: string[] | undefined): string {
  if (!busy) return '';
  return busy.length ? ` (busy beside it at the start: ${busy.join(', ')})` : ' (nothing else busy at the start)';
}

export function benchMarkdown({ at, machine, rows }: BenchResults): string {
  const targeted = rows.filter((row) => row.met !== null);
  const met = targeted.filter((row) => row.met).length;
  return [
    `\`npm run bench\` on ${at.slice(0, 16).replace('T', ' ')} UTC: ${machine.cpus} cores (${machine.cpuModel ?? 'unknown CPU'}), ${machine.memoryGiB} GiB, Node ${machine.node};`,
    `load average ${machine.loadAtStart} at the start, ${machine.loadAtEnd} at the end${busyBeside(machine.busyAtStart)}. ${met} of the ${targeted.length} rows with a target meet it.`,
    '',
    '| benchmark | figure | target | met |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${cell(row.benchmark)} | ${cell(row.figure)} | ${cell(row.target)} | ${row.met === null ? '—' : row.met ? 'yes' : '**no**'} |`),
  ].join('\n');
}

/** README.md with the text between the markers replaced by `table`. */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

if (process.argv[1]?.endsWith('bench/markdown.ts')) {
  const table = benchMarkdown(JSON.parse(readFileSync('bench/results/latest.json', 'utf8')) as BenchResults);
  if (process.argv.includes('--readme')) {
    writeFileSync('README.md', withTable(readFileSync('README.md', 'utf8'), table));
    console.log('README.md: the benchmark table is bench/results/latest.json');
  } else console.log(table);
}
