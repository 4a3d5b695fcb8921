/**
 * The XML of a chart the hub draws in a workbook file: lines through (x, y) points, one named
 * series per table, each reading its table's columns (so `refresh` moves its references as the
 * tables grow, and refills the cached points), and the drawing anchor that places it on a sheet.
 */
import { escapeXml } from './sheet-part.js';

const C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';

export interface SeriesData {
  /** `'Sheet'!$A$9:$A$20` */
  formula: string;
  values: (number | null)[];
  format: string;
}

export interface ChartSeriesXml {
  name: string;
  x: SeriesData;
  y: SeriesData;
}

const attr = (text: string) => escapeXml(text).replace(/"/g, '&quot;');

function numRef({ formula, values, format }: SeriesData): string {
  const points = values.map((v, i) => (v === null ? '' : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`)).join('');
  return `<c:numRef><c:f>${escapeXml(formula)}</c:f><c:numCache><c:formatCode>${escapeXml(format)}</c:formatCode><c:ptCount val="${values.length}"/>${points}</c:numCache></c:numRef>`;
}

const rich = (text: string, size: number) =>
  `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="1"/></a:pPr><a:r><a:rPr lang="en-GB" sz="${size}" b="1"/><a:t>${escapeXml(text)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/>`;

const axis = (id: number, cross: number, position: 'b' | 'l', format: string, extra: string) =>
  `<c:valAx><c:axId val="${id}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${position}"/>${extra}<c:numFmt formatCode="${attr(format)}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/><c:crossAx val="${cross}"/><c:crosses val="autoZero"/><c:crossBetween val="midCat"/></c:valAx>`;

/** Series colours, in order: dark blue, orange, green, grey. */
const COLOURS = ['1F4E79', 'C55A11', '548235', '7F7F7F'];

const fill = (colour: string) => `<a:solidFill><a:srgbClr val="${colour}"/></a:solidFill>`;

/** A chart part: lines with markers through each series' points, the legend below. */
export function lineChartXml({ title, yTitle, series }: { title: string; yTitle?: string; series: ChartSeriesXml[] }): string {
  const sers = series
    .map((s, i) => {
      const colour = COLOURS[i % COLOURS.length];
      const line = `<c:spPr><a:ln w="22225" cap="rnd">${fill(colour)}<a:round/></a:ln></c:spPr>`;
      const marker = `<c:marker><c:symbol val="circle"/><c:size val="5"/><c:spPr>${fill(colour)}<a:ln>${fill(colour)}</a:ln></c:spPr></c:marker>`;
      return `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${escapeXml(s.name)}</c:v></c:tx>${line}${marker}<c:xVal>${numRef(s.x)}</c:xVal><c:yVal>${numRef(s.y)}</c:yVal><c:smooth val="0"/></c:ser>`;
    })
    .join('');
  const xFormat = series[0]?.x.format ?? 'General';
  const yFormat = series[0]?.y.format ?? 'General';
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<c:chartSpace xmlns:c="${C}" xmlns:a="${A}" xmlns:r="${R}"><c:roundedCorners val="0"/><c:chart>` +
    `<c:title>${rich(title, 1200)}</c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>` +
    `<c:scatterChart><c:scatterStyle val="lineMarker"/><c:varyColors val="0"/>${sers}<c:axId val="501"/><c:axId val="502"/></c:scatterChart>` +
    axis(501, 502, 'b', xFormat, '') +
    axis(502, 501, 'l', yFormat, `<c:majorGridlines/>${yTitle ? `<c:title>${rich(yTitle, 1000)}</c:title>` : ''}`) +
    `</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`
  );
}

/** A drawing part with no anchors yet. */
export const EMPTY_DRAWING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${XDR}" xmlns:a="${A}"></xdr:wsDr>`;

/** A chart's place on the sheet: from its top-left cell, `cols` × `rows` cells. */
export function chartAnchorXml({ col, row, cols, rows, id, name, relId }: { col: number; row: number; cols: number; rows: number; id: number; name: string; relId: string }): string {
  const cell = (c: number, r: number) => `<xdr:col>${c}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${r}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
  return (
    `<xdr:twoCellAnchor xmlns:xdr="${XDR}" xmlns:a="${A}"><xdr:from>${cell(col, row)}</xdr:from><xdr:to>${cell(col + cols, row + rows)}</xdr:to>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id}" name="${attr(name)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${C}"><c:chart xmlns:c="${C}" xmlns:r="${R}" r:id="${relId}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
  );
}
