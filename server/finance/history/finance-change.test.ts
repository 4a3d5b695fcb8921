import { describe, expect, it } from 'vitest';
import { financeChangeOf } from './finance-change.js';

const line = { at: new Date('2014-10-24T10:00:00Z'), tokenId: 7, role: 'FINANCE', operation: 'updateEstablishmentLine', entity: 'EstablishmentLine', entityId: '3' };
const sergeant = { id: 3, version: 1, updatedAt: 1, partnership: 1, year: '2014/15', position: 2, grade: 'Sergeant', kind: 'POST', employingAgency: 4, fteHundredths: 400, budgetPence: 20_286_800, abatementBasisPoints: null, notes: null };

describe('a finance change read from the audit log', () => {
  it('names the fields that changed, in pounds, FTE and percent, with the agency by its code', () => {
    const after = { ...sergeant, version: 2, fteHundredths: 450, budgetPence: 22_823_150, abatementBasisPoints: 300, employingAgency: 5 };
    const change = financeChangeOf({ ...line, action: 'UPDATE', before: JSON.stringify(sergeant), after: JSON.stringify(after) }, (property, id) =>
      property === 'employingAgency' ? ({ 4: 'norfolk-constabulary', 5: 'suffolk-constabulary' } as Record<string, string>)[String(id)] : undefined,
    );
    expect(change).toMatchObject({ action: 'UPDATE', recordId: '3', label: 'Sergeant', financialYear: '2014/15', tokenId: 7 });
    expect(change.changes).toEqual([
      { field: 'employingAgency', from: 'norfolk-constabulary', to: 'suffolk-constabulary' },
      { field: 'fte', from: '4', to: '4.5' },
      { field: 'budget', from: '202868', to: '228231.5' },
      { field: 'abatementPercent', from: null, to: '3' },
    ]);
  });

  it('keeps every field of a removed record, and lists a new one\'s values', () => {
    const removed = financeChangeOf({ ...line, action: 'DELETE', before: JSON.stringify(sergeant), after: null });
    expect(removed.changes).toContainEqual({ field: 'grade', from: 'Sergeant', to: null });
    expect(removed.changes).toContainEqual({ field: 'budget', from: '202868', to: null });
    expect(removed.changes.map((c) => c.field)).toEqual(['financialYear', 'position', 'grade', 'kind', 'employingAgency', 'fte', 'budget']);
    const created = financeChangeOf({ ...line, action: 'CREATE', before: null, after: JSON.stringify(sergeant) });
    expect(created.changes).toContainEqual({ field: 'fte', from: null, to: '4' });
  });

  it('gives a stream the years it covers', () => {
    const stream = { id: 1, fromYear: '2014/15', toYear: '2015/16', purpose: 'Pathways Co-ordinator Manager post', amountExpectedPence: 5 };
    const change = financeChangeOf({ ...line, entity: 'FundingStream', action: 'CREATE', before: null, after: JSON.stringify(stream) });
    expect(change).toMatchObject({ label: 'Pathways Co-ordinator Manager post', financialYear: '2014/15–2015/16' });
    expect(change.changes).toEqual([
      { field: 'fromFinancialYear', from: null, to: '2014/15' },
      { field: 'toFinancialYear', from: null, to: '2015/16' },
      { field: 'purpose', from: null, to: 'Pathways Co-ordinator Manager post' },
      { field: 'amountExpected', from: null, to: '0.05' },
    ]);
  });
});
