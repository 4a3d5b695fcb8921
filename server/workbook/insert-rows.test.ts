import { describe, expect, it } from 'vitest';
import { shiftFormula, shiftReference } from './insert-rows.js';
import { SheetPart } from './sheet-part.js';

const at12 = { sheet: 'Funding risks', at: 11, count: 3 }; // three rows inserted above row 12

describe('entire rows inserted in an .xlsx sheet, as Excel moves what was below', () => {
  it('moves references at or below the insertion, leaves those above and whole columns', () => {
    expect(shiftReference('A11', at12)).toBe('A11');
    expect(shiftReference('A12', at12)).toBe('A15');
    expect(shiftReference('$B$9:$B$20', at12)).toBe('$B$9:$B$23');
    expect(shiftReference('12:20', at12)).toBe('15:23');
  });

  it('moves a formula’s references into the sheet, qualified from anywhere, unqualified only on the sheet itself', () => {
    expect(shiftFormula('SUM(A12:A20)+B3', 'Funding risks', at12)).toBe('SUM(A15:A23)+B3');
    expect(shiftFormula('SUM(A12:A20)', 'Notes', at12)).toBe('SUM(A12:A20)');
    expect(shiftFormula("'Funding risks'!$A$12*2", 'Notes', at12)).toBe("'Funding risks'!$A$15*2");
    expect(shiftFormula("Other!A12+'Funding risks'!A12", 'Notes', at12)).toBe("Other!A12+'Funding risks'!A15");
  });

  it('leaves text in quotes, structured references and function names alone', () => {
    expect(shiftFormula('"see A12"&A12', 'Funding risks', at12)).toBe('"see A12"&A15');
    expect(shiftFormula('SUM(Risks[exposure])+COUNTA(Risks[[#Data],[A12]])', 'Funding risks', at12)).toBe('SUM(Risks[exposure])+COUNTA(Risks[[#Data],[A12]])');
    expect(shiftFormula('LOG10(A12)', 'Funding risks', at12)).toBe('LOG10(A15)');
  });

  it('renumbers the sheet’s rows and cells below the insertion, and their formulas', () => {
    const part = new SheetPart(
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:B12"/><sheetData>' +
        '<row r="1"><c r="A1"><f>SUM(A12:A13)</f></c></row><row r="12" spans="1:2"><c r="A12"><v>5</v></c><c r="B12" t="s"><v>0</v></c></row>' +
        '</sheetData></worksheet>',
    );
    part.insertRows(11, 3);
    part.mapFormulas(
      (f) => shiftFormula(f, 'S', { sheet: 'S', at: 11, count: 3 }),
      (r) => r,
    );
    const xml = part.serialize();
    expect(xml).toContain('<row r="1"><c r="A1"><f>SUM(A15:A16)</f></c></row>');
    expect(xml).toContain('<row r="15"><c r="A15"><v>5</v></c><c r="B15" t="s"><v>0</v></c></row>');
    expect(xml).not.toContain('r="12"');
    expect(part.dimension()).toBe('A1:B15');
  });
});
