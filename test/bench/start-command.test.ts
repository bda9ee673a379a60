import { describe, expect, it } from 'vitest';
import { parseStartScript, startCommand } from '../../bench/startCommand';

// The benches run the server without npm in between, with what package.json's start script gives it.
describe('npm start’s command, as the benches read it', () => {
  it('splits the variables set before node from node’s own flags', () => {
    expect(parseStartScript('A=1 B_C=x=y exec node --one --two=2 scripts/start.mjs')).toEqual({
      env: { A: '1', B_C: 'x=y' },
      nodeFlags: ['--one', '--two=2'],
      args: ['scripts/start.mjs'],
    });
    expect(parseStartScript('node scripts/start.mjs')).toEqual({ env: {}, nodeFlags: [], args: ['scripts/start.mjs'] });
  });

  it('refuses a script that does not run node', () => {
    expect(() => parseStartScript('tsx server/index.ts')).toThrow(/does not run node/);
  });

  it('reads package.json’s own start script', () => {
    const { env, nodeFlags } = startCommand();
    expect(env.MALLOC_ARENA_MAX).toBe('2');
    expect(nodeFlags).toContain('--max-semi-space-size=4');
  });
});
