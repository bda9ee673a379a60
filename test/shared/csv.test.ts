import { describe, expect, it } from 'vitest';
import { escapeCell, escapeFormulas } from '../../shared/csv';

/** OWASP "CSV Injection": cells starting with =, +, -, @, tab or carriage return are made text. The browser export is tested in test/e2e/csv-export.test.ts. */
describe('escapeFormulas', () => {
  it('prefixes = + - @ tab and carriage return with a quote, deep inside records, and leaves numbers and keys alone', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(escapeCell(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(escapeCell('Ada = 1')).toBe('Ada = 1');
    expect(escapeCell('')).toBe('');
    expect(escapeFormulas({ id: 1, amount: -500, name: '=X()', items: [{ label: '@Y' }, 'plain', '+Z'], when: null, ok: true, '=key': 'v' })).toEqual({
      id: 1,
      amount: -500,
      name: "'=X()",
      items: [{ label: "'@Y" }, 'plain', "'+Z"],
      when: null,
      ok: true,
      '=key': 'v',
    });
  });
});
