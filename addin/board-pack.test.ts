import { describe, expect, it } from 'vitest';
import { emptyStore, type Binding } from './binding.js';
import { applyChanges, bindingAt, changedCells } from './board-pack.js';
import { parameterSetArgument } from './functions/function-runtime.js';
import type { ResultTable } from './result-table.js';

const binding: Binding = {
  id: 'b1', title: 'Cost share', source: { kind: 'report', report: 'cost-share', query: '{ costShare { basis shares { agency percent } } }' }, variables: {}, layout: 'rows',
  target: { sheet: 'Plan', anchor: 'B2', table: 'IOM_Cost_share', address: 'B2:D5' },
  columns: [{ path: 'costShare.basis', header: 'Basis' }, { path: 'costShare.shares.agency', header: 'Agency' }, { path: 'costShare.shares.percent', header: 'Share (%)' }],
};
const table = (rows: (string | number)[][]): ResultTable => ({
  columns: [
    { path: 'costShare.basis', header: 'Basis', kind: 'TEXT', type: 'String', numberFormat: '@' },
    { path: 'costShare.shares.agency', header: 'Agency', kind: 'TEXT', type: 'String', numberFormat: '@' },
    { path: 'costShare.shares.percent', header: 'Share (%)', kind: 'NUMBER', type: 'Float', numberFormat: '0.00' },
  ],
  rows,
  measures: [],
}) as ResultTable;

describe('board packs', () => {
  it('finds the binding a cell is in (caption and table), on its own sheet only', () => {
    const store = { ...emptyStore(), bindings: [binding] };
    expect(bindingAt(store, 'plan', 'C4')?.id).toBe('b1');
    expect(bindingAt(store, 'Plan', 'B2')?.id).toBe('b1');
    expect(bindingAt(store, 'Plan', 'E4')).toBeUndefined();
    expect(bindingAt(store, 'Other', 'C4')).toBeUndefined();
  });

  it('rebuilds the live answer from the frozen one and the changed values, items added and removed', () => {
    const frozen = { costShare: { basis: 'FIXED', shares: [{ agency: 'A', percent: 60 }, { agency: 'B', percent: 40 }] } };
    expect(applyChanges(frozen, [{ path: 'costShare.shares.0.percent', live: '50' }, { path: 'costShare.shares.1.percent', live: '50' }])).toEqual({ costShare: { basis: 'FIXED', shares: [{ agency: 'A', percent: 50 }, { agency: 'B', percent: 50 }] } });
    expect(applyChanges(frozen, [{ path: 'costShare.shares.2.agency', live: '"C"' }])).toMatchObject({ costShare: { shares: [{}, {}, { agency: 'C' }] } });
    expect(applyChanges(frozen, [{ path: 'costShare.shares.1', live: null }])).toMatchObject({ costShare: { shares: [{ agency: 'A' }] } });
    expect(frozen.costShare.shares[0].percent).toBe(60);
  });

  it('places each changed value in its sheet cell, the row named by the column that tells rows apart', () => {
    const changes = changedCells(binding, table([['FIXED', 'Norfolk', 60], ['FIXED', 'Suffolk', 40]]), table([['FIXED', 'Norfolk', 55], ['FIXED', 'Suffolk', 40], ['FIXED', 'Essex', 5]]));
    expect(changes).toEqual([
      { binding: 'b1', cell: 'Plan!D4', column: 'Share (%)', row: 'Norfolk', frozen: 60, live: 55 },
      { binding: 'b1', cell: 'Plan!B6', column: 'Basis', row: 'Essex', frozen: null, live: 'FIXED' },
      { binding: 'b1', cell: 'Plan!C6', column: 'Agency', row: 'Essex', frozen: null, live: 'Essex' },
      { binding: 'b1', cell: 'Plan!D6', column: 'Share (%)', row: 'Essex', frozen: null, live: 5 },
    ]);
  });
});

describe('=IOM.QUERY with a parameter set', () => {
  it('takes text that is not JSON after a saved report as a parameter set; variables as before otherwise', () => {
    expect(parameterSetArgument('cost-share', 'Q3 board pack, Norfolk')).toBe('Q3 board pack, Norfolk');
    expect(parameterSetArgument('cost-share', [[' Q3 pack ']])).toBe('Q3 pack');
    expect(parameterSetArgument('cost-share', '{"partnership":"barnet"}')).toBeUndefined();
    expect(parameterSetArgument('cost-share', [['partnership', 'barnet']])).toBeUndefined();
    expect(parameterSetArgument('cost-share', '')).toBeUndefined();
    expect(parameterSetArgument('cost-share', null)).toBeUndefined();
    expect(parameterSetArgument('{ partnerships { code } }', 'Q3')).toBeUndefined();
  });
});
