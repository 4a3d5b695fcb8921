/**
 * A workbook laid out like the one the add-in's funding-risk register template leaves in Excel,
 * written part by part (not by the code under test): input cells named Partnership and Year, a
 * caption and a bound table (shared strings, as Excel saves them), a formula outside the table, a
 * second sheet, a calculation chain, a named range over a table column, a chart whose series
 * read the table's columns, and the bindings custom XML part.
 */
import { strToU8, zipSync } from 'fflate';
import { bindingsXml, type BindingStore } from '../../addin/binding.js';

export const FIXTURE_SHEET = 'Funding risks';
export const FIXTURE_TABLE = 'IOM_Funding_risk_register_risks';
export const FIXTURE_QUERY =
  'query RegisterRisks($partnership: String!, $financialYear: String!) { fundingRisks(partnership: $partnership, financialYear: $financialYear) { title exposure certainty } }';
/** The table's header row (row 8); data starts in row 9. */
export const HEADER_ROW = 8;

export interface RiskRow {
  title: string;
  exposure: number | null;
  certainty: string;
}

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface FixtureOptions {
  rows: RiskRow[];
  year?: string;
  /** Where the note below the table is (default row 40, well clear of it). */
  noteRow?: number;
  /** Changes the stored binding (a bad query, a missing cell…). */
  editStore?: (store: BindingStore) => BindingStore;
  /** The user dragged exposure to the table's first column. */
  exposureFirst?: boolean;
  /** A calculated column the user added at the table's right (column D). */
  calculated?: { name: string; formula: string };
  /** The user formatted the exposure column in whole pounds (#,##0) instead of the hub's currency. */
  wholePounds?: boolean;
}

export function templateWorkbook({ rows, year = '2015/16', noteRow = 40, editStore = (s) => s, exposureFirst = false, calculated, wholePounds = false }: FixtureOptions): Uint8Array {
  const strings: string[] = [];
  const s = (text: string) => {
    let i = strings.indexOf(text);
    if (i < 0) i = strings.push(text) - 1;
    return i;
  };
  const str = (ref: string, text: string, style = 0) => `<c r="${ref}"${style ? ` s="${style}"` : ''} t="s"><v>${s(text)}</v></c>`;
  const last = HEADER_ROW + Math.max(rows.length, 1);
  const sheetRows = [
    `<row r="1" spans="1:5"><c r="A1" s="1" t="s"><v>${s('Funding-risk register')}</v></c></row>`,
    `<row r="4" spans="1:5">${str('A4', 'Partnership', 1)}${str('B4', 'norfolk-suffolk', 4)}<c r="D4"><f>COUNTA(${FIXTURE_TABLE}[title])</f><v>${rows.length}</v></c></row>`,
    `<row r="5" spans="1:5">${str('A5', 'Financial year', 1)}${str('B5', year, 4)}<c r="D5" t="str"><f>"Risks in "&amp;Year</f><v>Risks in ${esc(year)}</v></c></row>`,
    `<row r="7" spans="1:5">${str('A7', `Funding risks — norfolk-suffolk ${year} — data as at 1 Nov 2026 09:00`, 5)}</row>`,
    `<row r="${HEADER_ROW}" spans="1:5">${str(`A${HEADER_ROW}`, exposureFirst ? 'exposure' : 'title')}${str(`B${HEADER_ROW}`, exposureFirst ? 'title' : 'exposure')}${str(`C${HEADER_ROW}`, 'certainty')}${calculated ? str(`D${HEADER_ROW}`, calculated.name) : ''}</row>`,
    ...rows.map((row, i) => {
      const r = HEADER_ROW + 1 + i;
      const [t, e] = exposureFirst ? ['B', 'A'] : ['A', 'B'];
      const title = str(`${t}${r}`, row.title, 3);
      const x = wholePounds ? 6 : 2;
      const exposure = row.exposure === null ? `<c r="${e}${r}" s="${x}"/>` : `<c r="${e}${r}" s="${x}"><v>${row.exposure}</v></c>`;
      const formula = calculated ? `<c r="D${r}" s="2"><f>${esc(calculated.formula)}</f><v>0</v></c>` : '';
      return `<row r="${r}" spans="1:5">${exposureFirst ? exposure + title : title + exposure}${str(`C${r}`, row.certainty, 3)}${formula}</row>`;
    }),
    // Below the table's spare rows: a note the refresh must leave alone.
    `<row r="${noteRow}"><c r="A${noteRow}" t="s"><v>${s('Prepared by the board secretary')}</v></c></row>`,
  ];
  const sheet1 = `${HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><dimension ref="A1:E${noteRow}"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="1" width="48" customWidth="1"/><col min="2" max="3" width="16" customWidth="1"/></cols><sheetData>${sheetRows.join('')}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><drawing r:id="rId2"/><tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>`;
  const sheet2 = `${HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><dimension ref="A1:B2"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData><row r="1"><c r="A1" t="s"><v>${s('Board notes')}</v></c></row><row r="2"><c r="A2" t="s"><v>${s('Total exposure')}</v></c><c r="B2" s="2"><f>SUM(${FIXTURE_TABLE}[exposure])</f><v>0</v></c></row></sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
  const right = calculated ? 'D' : 'C';
  const columnsXml = `${exposureFirst ? '<tableColumn id="2" name="exposure"/><tableColumn id="1" name="title"/>' : '<tableColumn id="1" name="title"/><tableColumn id="2" name="exposure"/>'}<tableColumn id="3" name="certainty"/>${calculated ? `<tableColumn id="4" name="${esc(calculated.name)}"><calculatedColumnFormula>${esc(calculated.formula)}</calculatedColumnFormula></tableColumn>` : ''}`;
  const table = `${HEAD}<table xmlns="${MAIN}" id="1" name="${FIXTURE_TABLE}" displayName="${FIXTURE_TABLE}" ref="A${HEADER_ROW}:${right}${last}" totalsRowShown="0"><autoFilter ref="A${HEADER_ROW}:${right}${last}"/><tableColumns count="${calculated ? 4 : 3}">${columnsXml}</tableColumns><tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`;
  const q = `'${FIXTURE_SHEET}'`;
  const pts = (values: (string | number | null)[]) => values.map((v, i) => (v === null ? '' : `<c:pt idx="${i}"><c:v>${esc(String(v))}</c:v></c:pt>`)).join('');
  const chart = `${HEAD}<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${REL}"><c:roundedCorners val="0"/><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>Exposure by risk</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef><c:f>${q}!$B$${HEADER_ROW}</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>exposure</c:v></c:pt></c:strCache></c:strRef></c:tx><c:cat><c:strRef><c:f>${q}!$A$${HEADER_ROW + 1}:$A$${last}</c:f><c:strCache><c:ptCount val="${rows.length}"/>${pts(rows.map((r) => r.title))}</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>${q}!$B$${HEADER_ROW + 1}:$B$${last}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${rows.length}"/>${pts(rows.map((r) => r.exposure))}</c:numCache></c:numRef></c:val></c:ser><c:gapWidth val="150"/><c:axId val="111"/><c:axId val="222"/></c:barChart><c:catAx><c:axId val="111"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:crossAx val="222"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx><c:valAx><c:axId val="222"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="1"/><c:crossAx val="111"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea><c:plotVisOnly val="1"/></c:chart></c:chartSpace>`;
  const drawing = `${HEAD}<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor><xdr:from><xdr:col>5</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>6</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>22</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Exposure chart"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${REL}" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`;
  const store = editStore({
    format: 'iom-hub-bindings',
    version: 1,
    hub: 'https://hub.example.org',
    bindings: [
      {
        id: 'funding-risk-register:risks',
        title: 'Funding risks',
        source: { kind: 'query', query: FIXTURE_QUERY },
        variables: { partnership: { cell: 'Partnership' }, financialYear: { cell: 'Year' } },
        layout: 'rows',
        target: { sheet: FIXTURE_SHEET, anchor: 'A7', table: FIXTURE_TABLE, address: `A7:C${last}` },
        lastRefresh: { at: '2026-11-01T09:00:00.000Z', rows: rows.length, ms: 40 },
      },
    ],
  });
  const parts: Record<string, string> = {
    '[Content_Types].xml': `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/tables/table1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/><Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/><Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/><Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/></Types>`,
    '_rels/.rels': `${HEAD}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><bookViews><workbookView activeTab="0"/></bookViews><sheets><sheet name="${FIXTURE_SHEET}" sheetId="1" r:id="rId1"/><sheet name="Notes" sheetId="2" r:id="rId2"/></sheets><definedNames><definedName name="Partnership">${q}!$B$4</definedName><definedName name="RiskTitles">${q}!$A$${HEADER_ROW + 1}:$A$${last}</definedName><definedName name="Year">${q}!$B$5</definedName></definedNames><calcPr calcId="191029"/></workbook>`,
    'xl/_rels/workbook.xml.rels': `${HEAD}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId4" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId5" Type="${REL}/calcChain" Target="calcChain.xml"/><Relationship Id="rId6" Type="${REL}/customXml" Target="../customXml/item1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': sheet1,
    'xl/worksheets/_rels/sheet1.xml.rels': `${HEAD}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/table" Target="../tables/table1.xml"/><Relationship Id="rId2" Type="${REL}/drawing" Target="../drawings/drawing1.xml"/></Relationships>`,
    'xl/worksheets/sheet2.xml': sheet2,
    'xl/tables/table1.xml': table,
    'xl/drawings/drawing1.xml': drawing,
    'xl/drawings/_rels/drawing1.xml.rels': `${HEAD}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/chart" Target="../charts/chart1.xml"/></Relationships>`,
    'xl/charts/chart1.xml': chart,
    'xl/styles.xml': `${HEAD}<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="£#,##0.00;[Red]-£#,##0.00"/></numFmts><fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><i/><sz val="11"/><color rgb="FF616161"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFF4CE"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
    'xl/calcChain.xml': `${HEAD}<calcChain xmlns="${MAIN}"><c r="D4" i="1"/><c r="D5"/><c r="B2" i="2"/></calcChain>`,
    'customXml/item1.xml': bindingsXml(store),
    'customXml/itemProps1.xml': `${HEAD}<ds:datastoreItem ds:itemID="{6F1E2B1C-1111-4C1D-9E8A-0123456789AB}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs><ds:schemaRef ds:uri="urn:iom-hub:bindings:v1"/></ds:schemaRefs></ds:datastoreItem>`,
    'customXml/_rels/item1.xml.rels': `${HEAD}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/customXmlProps" Target="itemProps1.xml"/></Relationships>`,
  };
  parts['xl/sharedStrings.xml'] = `${HEAD}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((t) => `<si><t xml:space="preserve">${esc(t)}</t></si>`).join('')}</sst>`;
  return zipSync(Object.fromEntries(Object.entries(parts).map(([path, text]) => [path, strToU8(text)])));
}
