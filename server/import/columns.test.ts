import { describe, expect, it } from 'vitest';
import { describeColumns, headerKey, matchHeaders, type ColumnSpec } from './columns.js';

const COLUMNS: ColumnSpec[] = [
  { key: 'offenceDate', header: 'Offence date', aliases: ['Date of offence'], required: true, type: 'date', description: '' },
  { key: 'crimSec3Code', header: 'CrimSec3 code', aliases: ['HO code'], required: true, type: 'text', description: 'A code.' },
  { key: 'partnership', header: 'Partnership', required: true, type: 'text', description: '' },
  { key: 'note', header: 'Note', required: false, type: 'text', description: '' },
];

describe('header matching', () => {
  it('ignores case, spaces and punctuation', () => {
    expect(headerKey('Date of Offence')).toBe('dateofoffence');
    expect(headerKey(' CRIMSEC3_code ')).toBe('crimsec3code');
    expect(headerKey('On-cost %')).toBe('oncost');
  });

  it('maps headers to columns by name or alias, and lists the unknown ones', () => {
    const match = matchHeaders(COLUMNS, ['DATE OF OFFENCE', 'crimsec 3 code', 'Officer', '', 'Partnership']);
    expect(match.columns.map((c) => c?.key ?? null)).toEqual(['offenceDate', 'crimSec3Code', null, null, 'partnership']);
    expect(match.unknown).toEqual(['Officer']);
    expect(match.problems).toEqual([]);
  });

  it('names missing required columns, unless the caller supplies them', () => {
    expect(matchHeaders(COLUMNS, ['Offence date', 'Note']).problems.map((p) => p.column)).toEqual(['CrimSec3 code', 'Partnership']);
    expect(matchHeaders(COLUMNS, ['Offence date', 'HO code'], new Set(['partnership'])).problems).toEqual([]);
  });

  it('refuses a header twice, or two headers for one column', () => {
    expect(matchHeaders(COLUMNS, ['Note', 'note ', 'Offence date', 'HO code', 'Partnership']).problems).toEqual([{ row: 1, column: 'note', reason: '"note" and "Note" both name the column "Note".' }]);
    expect(matchHeaders(COLUMNS, ['HO code', 'CrimSec3 code', 'Offence date', 'Partnership']).problems).toEqual([
      { row: 1, column: 'CrimSec3 code', reason: '"CrimSec3 code" and "HO code" both name the column "CrimSec3 code".' },
    ]);
  });

  it('documents each column on one line', () => {
    expect(describeColumns(COLUMNS).split('\n')[1]).toBe('  CrimSec3 code  required  text. A code. Also: "HO code".');
  });
});
