/**
 * An .xlsx file as its zip parts. Parts are kept as the bytes they were read as; only a part that
 * is parsed and changed is written back (serialised from its DOM), so everything else — charts,
 * drawings, styles, other sheets — leaves the file exactly as it came in.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';

export const NS = {
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  pkgRel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  contentTypes: 'http://schemas.openxmlformats.org/package/2006/content-types',
  chart: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
} as const;

export const REL_TYPE = {
  table: `${NS.rel}/table`,
  worksheet: `${NS.rel}/worksheet`,
  styles: `${NS.rel}/styles`,
  calcChain: `${NS.rel}/calcChain`,
  customXml: `${NS.rel}/customXml`,
  customXmlProps: `${NS.rel}/customXmlProps`,
} as const;

export class XlsxFormatError extends Error {}

export interface Relationship {
  id: string;
  type: string;
  /** The target as a package path (`xl/tables/table1.xml`), resolved against the source part. */
  path: string;
  element: Element;
}

/** Element children of `parent` with the local name `name` (any namespace prefix). */
export function childrenNamed(parent: Element | Document, name: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) if (node.nodeType === 1 && (node as Element).localName === name) found.push(node as Element);
  return found;
}

export const firstChild = (parent: Element | Document, name: string): Element | undefined => childrenNamed(parent, name)[0];

/** Every descendant element with the local name `name`. */
export function descendantsNamed(root: Element | Document, name: string): Element[] {
  return Array.from(root.getElementsByTagNameNS('*', name)) as Element[];
}

function resolvePath(fromPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = fromPart.split('/').slice(0, -1);
  for (const step of target.split('/')) {
    if (step === '..') parts.pop();
    else if (step !== '.') parts.push(step);
  }
  return parts.join('/');
}

function relativePath(fromPart: string, toPath: string): string {
  const from = fromPart.split('/').slice(0, -1);
  const to = toPath.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common += 1;
  return [...Array(from.length - common).fill('..'), ...to.slice(common)].join('/');
}

export const relsPathOf = (part: string) => {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
};

export class XlsxPackage {
  private readonly parts: Map<string, Uint8Array>;
  private readonly docs = new Map<string, Document>();
  private readonly dirty = new Set<string>();

  private constructor(parts: Map<string, Uint8Array>) {
    this.parts = parts;
  }

  static read(bytes: Uint8Array): XlsxPackage {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(bytes);
    } catch {
      throw new XlsxFormatError('The file is not an .xlsx workbook (it is not a zip package).');
    }
    const pkg = new XlsxPackage(new Map(Object.entries(entries)));
    if (!pkg.has('[Content_Types].xml') || !pkg.has('xl/workbook.xml')) throw new XlsxFormatError('The file is not an .xlsx workbook (no xl/workbook.xml).');
    return pkg;
  }

  /** A package from part texts, in the order given. */
  static fromTexts(texts: Record<string, string>): XlsxPackage {
    return new XlsxPackage(new Map(Object.entries(texts).map(([path, text]) => [path, strToU8(text)])));
  }

  has(path: string): boolean {
    return this.parts.has(path) || this.docs.has(path);
  }

  paths(): string[] {
    return [...this.parts.keys()];
  }

  text(path: string): string {
    const doc = this.docs.get(path);
    if (doc && this.dirty.has(path)) return new XMLSerializer().serializeToString(doc);
    const bytes = this.parts.get(path);
    if (!bytes) throw new XlsxFormatError(`The workbook has no part ${path}.`);
    // Office may save a custom XML part as UTF-16 (with its byte-order mark).
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
    return strFromU8(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes);
  }

  /** The part parsed; call `touch(path)` after changing it so it is written back. */
  xml(path: string): Document {
    let doc = this.docs.get(path);
    if (!doc) {
      const errors: string[] = [];
      doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && errors.push(message)) }).parseFromString(this.text(path), 'text/xml');
      if (errors.length || !doc.documentElement) throw new XlsxFormatError(`The workbook part ${path} is not well-formed XML: ${errors[0] ?? 'no root element'}`);
      this.docs.set(path, doc);
    }
    return doc;
  }

  touch(path: string): void {
    this.dirty.add(path);
    if (!this.parts.has(path)) this.parts.set(path, new Uint8Array());
  }

  setText(path: string, text: string): void {
    this.docs.delete(path);
    this.dirty.delete(path);
    this.parts.set(path, strToU8(text));
  }

  remove(path: string): void {
    this.parts.delete(path);
    this.docs.delete(path);
    this.dirty.delete(path);
  }

  relationships(part: string): Relationship[] {
    const relsPath = relsPathOf(part);
    if (!this.has(relsPath)) return [];
    return childrenNamed(this.xml(relsPath).documentElement!, 'Relationship').map((element) => ({
      id: element.getAttribute('Id') ?? '',
      type: element.getAttribute('Type') ?? '',
      path: element.getAttribute('TargetMode') === 'External' ? '' : resolvePath(part, element.getAttribute('Target') ?? ''),
      element,
    }));
  }

  /** Adds a relationship from `part` to the package path `target`; returns its id. */
  addRelationship(part: string, type: string, target: string): string {
    const relsPath = relsPathOf(part);
    if (!this.has(relsPath)) this.setText(relsPath, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.pkgRel}"></Relationships>`);
    const doc = this.xml(relsPath);
    const taken = new Set(childrenNamed(doc.documentElement!, 'Relationship').map((r) => r.getAttribute('Id')));
    let n = taken.size + 1;
    while (taken.has(`rId${n}`)) n += 1;
    const element = doc.createElementNS(NS.pkgRel, 'Relationship');
    element.setAttribute('Id', `rId${n}`);
    element.setAttribute('Type', type);
    element.setAttribute('Target', relativePath(part, target));
    doc.documentElement!.appendChild(element);
    this.touch(relsPath);
    return `rId${n}`;
  }

  removeRelationship(part: string, id: string): void {
    const rel = this.relationships(part).find((r) => r.id === id);
    if (!rel) return;
    rel.element.parentNode?.removeChild(rel.element);
    this.touch(relsPathOf(part));
  }

  /** Declares a part's content type (an Override), or an extension's (a Default) when `extension` is given. */
  declareContentType(contentType: string, { part, extension }: { part?: string; extension?: string }): void {
    const doc = this.xml('[Content_Types].xml');
    const root = doc.documentElement!;
    if (extension) {
      if (childrenNamed(root, 'Default').some((d) => d.getAttribute('Extension')?.toLowerCase() === extension)) return;
      const element = doc.createElementNS(NS.contentTypes, 'Default');
      element.setAttribute('Extension', extension);
      element.setAttribute('ContentType', contentType);
      root.insertBefore(element, root.firstChild);
    } else {
      if (childrenNamed(root, 'Override').some((o) => o.getAttribute('PartName') === `/${part}`)) return;
      const element = doc.createElementNS(NS.contentTypes, 'Override');
      element.setAttribute('PartName', `/${part}`);
      element.setAttribute('ContentType', contentType);
      root.appendChild(element);
    }
    this.touch('[Content_Types].xml');
  }

  forgetContentType(part: string): void {
    const doc = this.xml('[Content_Types].xml');
    for (const o of childrenNamed(doc.documentElement!, 'Override')) if (o.getAttribute('PartName') === `/${part}`) o.parentNode?.removeChild(o);
    this.touch('[Content_Types].xml');
  }

  /** A free part name like `xl/tables/table3.xml`. */
  freePath(prefix: string, suffix = '.xml'): string {
    let n = 1;
    while (this.has(`${prefix}${n}${suffix}`)) n += 1;
    return `${prefix}${n}${suffix}`;
  }

  toBytes(): Uint8Array {
    const files: Zippable = {};
    for (const [path, bytes] of this.parts) files[path] = this.dirty.has(path) ? strToU8(this.text(path)) : bytes;
    return zipSync(files, { level: 6 });
  }
}
