import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { CsvError, CsvReader, parseCsv } from './csv.js';

/** csv-parse, with the options imports used to read CSV with: the reference the reader must agree with. */
const reference = (text: string): string[][] => parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: false });

/** The records of `text` read in two chunks split at `at`, as a file stream may cut it anywhere. */
function split(text: string, at: number): string[][] {
  const reader = new CsvReader();
  const out: string[][] = [];
  reader.push(text.slice(0, at), out);
  reader.push(text.slice(at), out);
  reader.end(out);
  return out;
}

const AWKWARD: Record<string, string> = {
  'plain, LF': 'a,b,c\n1,2,3\n',
  'CRLF, no line break at the end': 'a,b,c\r\n1,2,3',
  'CR only': 'a,b\r1,2\r',
  'a byte-order mark': '\uFEFFReference,Amount\r\nNOR-1,"£1,200.50"\r\n',
  'commas, quotes and line breaks in quoted cells': 'Reference,Notes\r\nNOR-1,"moved, ""again""\r\nto Ipswich"\r\nNOR-2,"line one\nline two"\r\n',
  'empty cells and a trailing comma': 'a,b,c\n,,\n1,,3\nx,y,\n',
  'empty lines': 'a,b\n\n1,2\n\n\n3,4\n\n',
  'empty lines, CRLF': 'a,b\r\n\r\n1,2\r\n\r\n\r\n3,4\r\n\r\n',
  'rows of different lengths': 'a,b,c\n1\n1,2,3,4,5\n',
  'quoted empty cells': 'a,b\n"",""\n"x",""\n',
  'spaces kept as written': 'a,b\n  1 , 2 \n',
  'unicode': 'Name,Town\nZoë,"Bury St Edmunds, Suffolk"\n🙂,x\n',
};

describe('the CSV reader', () => {
  for (const [name, text] of Object.entries(AWKWARD))
    it(`reads ${name} as csv-parse does, however the text is cut into chunks`, () => {
      const expected = reference(text);
      expect(parseCsv(text)).toEqual(expected);
      for (let at = 0; at <= text.length; at++) expect(split(text, at), `cut at ${at}`).toEqual(expected);
    });

  it('refuses a stray quote, text after a closing quote and an unclosed quote, naming the line', () => {
    expect(() => parseCsv('a,b\n1,x"y\n')).toThrow(new CsvError('a quote inside an unquoted cell on line 2 (cell 2): a cell with a quote in it is written in quotes, the quote doubled.'));
    expect(() => parseCsv('a,b\r\n1,2\r\n"3"x,4\r\n')).toThrow(new CsvError('text after a closing quote on line 3 (cell 1): a quoted cell ends at a comma or the end of the line.'));
    expect(() => parseCsv('a,b\n1,"two\nlines,3\n')).toThrow(new CsvError('the quote that opens a cell on line 2 is never closed.'));
    for (const text of ['a,b\n1,x"y\n', 'a,"b"c\n', 'a,"b']) expect(() => reference(text)).toThrow(); // csv-parse refuses them too
  });

  it('counts lines for messages, including those inside quoted cells', () => {
    const reader = new CsvReader();
    const out: string[][] = [];
    reader.push('a,b\r\n"1\n2",3\n4,5\n', out);
    expect(out).toEqual([['a', 'b'], ['1\n2', '3'], ['4', '5']]);
    expect(reader.line).toBe(5);
  });
});
