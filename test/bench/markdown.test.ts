import { describe, expect, it } from 'vitest';
import { benchMarkdown, withTable, type BenchResults } from '../../bench/markdown';

const results: BenchResults = {
  at: '2026-12-04T15:40:00.000Z',
  machine: { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 24, node: 'v20.20.2', loadAtStart: '1.00 1.10 1.20', loadAtEnd: '2.00 2.10 2.20' },
  rows: [
    { benchmark: 'list a | b: req/s, p99 ms', figure: '1500, 20', target: '≥ 1500, ≤ 75', met: true },
    { benchmark: 'idle RSS, MB', figure: '171.6', target: '≤ 120', met: false },
    { benchmark: 'its floor, MB', figure: '138.1', target: '(for scale)', met: null },
  ],
};

describe('the README benchmark table (bench/markdown.ts)', () => {
  it('is every row of the run, with the machine, its load and how many rows meet their target', () => {
    const table = benchMarkdown(results);
    expect(table).toContain('2 cores (Test CPU), 24 GiB, Node v20.20.2');
    expect(table).toContain('load average 1.00 1.10 1.20 at the start, 2.00 2.10 2.20 at the end. 1 of the 2 rows with a target meet it.');
    expect(table.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| benchmark') && !line.startsWith('| ---'))).toEqual([
      '| list a \\| b: req/s, p99 ms | 1500, 20 | ≥ 1500, ≤ 75 | yes |',
      '| idle RSS, MB | 171.6 | ≤ 120 | **no** |',
      '| its floor, MB | 138.1 | (for scale) | — |',
    ]);
  });

  it('says what else was busy on the machine when the run started, or that nothing was', () => {
    const busy = benchMarkdown({ ...results, machine: { ...results.machine, busyAtStart: ['node 85% of a core'] } });
    expect(busy).toContain('at the end (busy beside it at the start: node 85% of a core). 1 of the 2 rows');
    const quiet = benchMarkdown({ ...results, machine: { ...results.machine, busyAtStart: [] } });
    expect(quiet).toContain('at the end (nothing else busy at the start). 1 of the 2 rows');
  });

  it('replaces only what is between the markers of the README, and refuses a README without them', () => {
    const readme = 'intro\n<!-- bench:start (npx tsx bench/markdown.ts --readme) -->\nold table\n<!-- bench:end -->\nafter\n';
    const updated = withTable(readme, 'new table');
    expect(updated).toBe('intro\n<!-- bench:start (npx tsx bench/markdown.ts --readme) -->\nnew table\n<!-- bench:end -->\nafter\n');
    expect(withTable(updated, 'newer')).toContain('\nnewer\n<!-- bench:end -->');
    expect(() => withTable('no markers here', 'x')).toThrow(/no <!-- bench:start/);
  });
});
