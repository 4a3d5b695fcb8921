/**
 * How a sheet the hub writes prints: one page wide (as many pages tall as it needs), landscape when
 * a table is wide, the sheet's name and "Data as at …" in the page header, page numbers in the
 * footer. The paper size and margins a user chose are kept; a page header someone else wrote is
 * left alone (only one saying "Data as at" is the hub's to update).
 */
import { childrenNamed, firstChild } from './xlsx-package.js';
import type { SheetPart } from './sheet-part.js';

/** A table wider than this many columns prints landscape. */
export const PORTRAIT_COLUMNS = 5;

const AS_AT = 'Data as at';

/** Text for a page header or footer: `&` is written `&&`. */
const literal = (text: string) => text.replace(/&/g, '&&');

/** The page header: the sheet's name (bold) on the left, when its data is from on the right. */
export const pageHeader = (asAt?: string) => `&L&"-,Bold"&A${asAt ? `&R${literal(`${AS_AT} ${asAt}`)}` : ''}`;
export const PAGE_FOOTER = '&LIOM Hub&RPage &P of &N';

/** Sets oddHeader (always first) or oddFooter (right after it) of a headerFooter element. */
function setText(part: SheetPart, parent: ReturnType<SheetPart['element']>, name: 'oddHeader' | 'oddFooter', text: string): void {
  let element = firstChild(parent, name);
  if (!element) {
    element = parent.ownerDocument!.createElementNS(parent.namespaceURI, parent.prefix ? `${parent.prefix}:${name}` : name);
    const oddHeader = firstChild(parent, 'oddHeader');
    parent.insertBefore(element, name === 'oddHeader' ? parent.firstChild : (oddHeader?.nextSibling ?? parent.firstChild));
  }
  element.textContent = text;
  part.touch();
}

/** `asAt` absent: a sheet without data from the hub (an exported workbook's Variables), its name alone in the header. */
export function setUpPrinting(part: SheetPart, { landscape, asAt }: { landscape: boolean; asAt?: string }): void {
  const sheetPr = part.element('sheetPr');
  let fit = firstChild(sheetPr, 'pageSetUpPr');
  if (!fit) {
    fit = part.doc.createElementNS(sheetPr.namespaceURI, sheetPr.prefix ? `${sheetPr.prefix}:pageSetUpPr` : 'pageSetUpPr');
    // pageSetUpPr comes after tabColor and outlinePr.
    sheetPr.appendChild(fit);
  }
  fit.setAttribute('fitToPage', '1');
  const margins = part.element('pageMargins');
  for (const [name, value] of Object.entries({ left: '0.7', right: '0.7', top: '0.75', bottom: '0.75', header: '0.3', footer: '0.3' })) if (!margins.hasAttribute(name)) margins.setAttribute(name, value);
  const setup = part.element('pageSetup');
  if (!setup.hasAttribute('paperSize')) setup.setAttribute('paperSize', '9');
  if (landscape) setup.setAttribute('orientation', 'landscape');
  else if (!setup.hasAttribute('orientation')) setup.setAttribute('orientation', 'portrait');
  setup.setAttribute('fitToWidth', '1');
  setup.setAttribute('fitToHeight', '0');
  const headerFooter = part.element('headerFooter');
  const header = firstChild(headerFooter, 'oddHeader')?.textContent ?? '';
  const others = childrenNamed(headerFooter, 'evenHeader').length + childrenNamed(headerFooter, 'firstHeader').length;
  if ((header === '' || header.includes(AS_AT)) && !others) {
    setText(part, headerFooter, 'oddHeader', pageHeader(asAt));
    if (!firstChild(headerFooter, 'oddFooter')?.textContent) setText(part, headerFooter, 'oddFooter', PAGE_FOOTER);
  }
  part.touch();
}
