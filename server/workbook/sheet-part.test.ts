import { describe, expect, it } from 'vitest';
import { parseRange } from '../../addin/cell-address.js';
import { SheetPart } from './sheet-part.js';

const sheet = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C3"/><sheetData>${rows}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;

describe('a worksheet rewritten row by row', () => {
  const rows =
    '<row r="1" spans="1:3" ht="20" customHeight="1"><c r="A1" t="s"><v>0</v></c><c r="C1"><f>SUM(B2:B3)</f><v>3</v></c></row>' +
    '<row r="2" spans="1:3"><c r="A2" t="inlineStr"><is><t>a &amp; b</t></is></c><c r="B2"><v>1</v></c></row>' +
    '<row r="3" spans="1:3"><c r="B3" t="b"><v>1</v></c></row>';

  it('writes back exactly what it read when nothing changed', () => {
    expect(new SheetPart(sheet(rows)).serialize()).toBe(sheet(rows));
  });

  it('reads values: shared and inline strings, numbers, booleans, formula results', () => {
    const part = new SheetPart(sheet(rows));
    expect([part.value(0, 0, ['Title']), part.value(0, 2, []), part.value(1, 0, []), part.value(1, 1, []), part.value(2, 1, []), part.value(5, 5, [])]).toEqual(['Title', 3, 'a & b', 1, true, '']);
  });

  it('clears and writes cells in order, keeps untouched rows byte for byte, drops rows left empty', () => {
    const part = new SheetPart(sheet(rows));
    part.clear(parseRange('A2:B3'));
    part.set(4, 1, '=not a formula <b>', 3);
    part.set(4, 0, 12.5, 0);
    part.set(4, 2, null, 2);
    part.set(0, 1, false, 0);
    const xml = part.serialize();
    expect(xml).toContain('<row r="1" ht="20" customHeight="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="b"><v>0</v></c><c r="C1"><f>SUM(B2:B3)</f><v>3</v></c></row>');
    expect(xml).not.toContain('r="2"');
    expect(xml).not.toContain('<row r="3"');
    expect(xml).toContain('<row r="5"><c r="A5"><v>12.5</v></c><c r="B5" s="3" t="inlineStr"><is><t>=not a formula &lt;b&gt;</t></is></c><c r="C5" s="2"/></row>');
    expect(part.dimension()).toBe('A1:C5');
  });

  it('keeps characters XML cannot hold the way Excel writes them', () => {
    const part = new SheetPart(sheet(''));
    part.set(0, 0, ' bell\u0007 ', 0);
    expect(part.serialize()).toContain('<t xml:space="preserve"> bell_x0007_ </t>');
  });
});
