import { readFileSync } from 'node:fs';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFunctionsMetadata, checkManifest } from '../addin/manifest-check.js';
import { generateManifest } from '../addin/manifest.js';
import { startTestHub, type TestHub } from './support/hub.js';

const committed = readFileSync('manifest.xml', 'utf8');

describe('manifest', () => {
  it('the committed manifest.xml is the generated localhost one and passes the structural check', () => {
    expect(committed).toBe(generateManifest('https://localhost:4000'));
    expect(checkManifest(committed)).toEqual([]);
  });

  it('is generated for any https base URL, every URL on that origin', () => {
    const xml = generateManifest('https://hub.example.org/');
    expect(checkManifest(xml)).toEqual([]);
    expect(xml).toContain('<bt:Url id="Taskpane.Url" DefaultValue="https://hub.example.org/addin/taskpane.html"/>');
    expect(xml).not.toContain('localhost');
    expect(() => generateManifest('http://hub.example.org')).toThrow('must be https');
  });

  it.each([
    ['elements out of order', (x: string) => x.replace(/(<Version>.*<\/Version>\n)([\s\S]*?)( {2}<ProviderName>.*\n)/, '$3$1$2'), 'out of order'],
    ['a resid with no resource', (x: string) => x.replace('<Namespace resid="Functions.Namespace"/>', '<Namespace resid="Nope"/>'), 'resid "Nope"'],
    ['a resid over 32 characters', (x: string) => x.replaceAll('Functions.Metadata.Url', 'Functions.Metadata.Url.That.Is.Too.Long'), 'longer than 32'],
    ['a second origin', (x: string) => x.replace('https://localhost:4000/addin/functions.json', 'https://cdn.example.com/functions.json'), 'more than one origin'],
    ['plain http', (x: string) => x.replaceAll('https://localhost:4000', 'http://localhost:4000'), 'is not https'],
    ['a runtime that is not long-lived', (x: string) => x.replace('lifetime="long"', 'lifetime="short"'), 'lifetime="long"'],
    ['a functions page on another resid', (x: string) => x.replace('<Page>\n              <SourceLocation resid="Taskpane.Url"/>', '<Page>\n              <SourceLocation resid="Functions.Script.Url"/>'), 'not the shared runtime'],
    ['no ExcelApi requirement', (x: string) => x.replace(/ *<Set Name="ExcelApi" MinVersion="[\d.]+"\/>\n/, ''), 'Name="ExcelApi"'],
    ['an ExcelApi requirement below what the add-in calls', (x: string) => x.replace(/<Set Name="ExcelApi" MinVersion="[\d.]+"\/>/, '<Set Name="ExcelApi" MinVersion="1.6"/>'), 'Name="ExcelApi"'],
    ['no SharedRuntime requirement', (x: string) => x.replace('<Set Name="SharedRuntime" MinVersion="1.1"/>', ''), 'SharedRuntime'],
  ])('the check catches %s', (_name, spoil, message) => {
    const spoiled = spoil(committed);
    expect(spoiled).not.toBe(committed);
    expect(checkManifest(spoiled).join('\n')).toContain(message);
  });
});

describe('functions.json', () => {
  it('is generated from the functions’ JSDoc with the ids and parameters the formulas use', async () => {
    const { metadataJson, errors } = await generateCustomFunctionsMetadata('addin/functions/functions.ts');
    expect(errors).toEqual([]);
    expect(checkFunctionsMetadata(metadataJson)).toEqual([]);
    const functions = JSON.parse(metadataJson).functions as any[];
    const shape = Object.fromEntries(functions.map((f) => [f.id, f.parameters.map((p: any) => `${p.name}${p.optional ? '?' : ''}${p.repeating ? '...' : ''}`)]));
    expect(shape).toEqual({
      QUERY: ['query', 'variables?'],
      VALUE: ['report', 'path', 'variables?...'],
      COSTSHARE: ['partnership', 'year', 'agency', 'field?'],
    });
    expect(functions.find((f) => f.id === 'QUERY').result.dimensionality).toBe('matrix');
    expect(functions.find((f) => f.id === 'QUERY').parameters[1].dimensionality).toBe('matrix');
    expect(JSON.parse(readFileSync('dist/addin/functions.json', 'utf8'))).toEqual(JSON.parse(metadataJson));
  });

  it('the check refuses cell-like, duplicate and badly ordered functions', () => {
    const bad = JSON.stringify({ functions: [
      { id: 'ABC1', name: 'ABC1', parameters: [] },
      { id: 'X', name: 'X', parameters: [{ name: 'a', optional: true, type: 'string' }, { name: 'b', type: 'string' }] },
      { id: 'x', name: 'x', parameters: [{ name: 'r', repeating: true, type: 'any' }, { name: 'c', type: 'date' }] },
    ] });
    expect(checkFunctionsMetadata(bad).sort()).toEqual([
      'Function id "ABC1" looks like a cell reference.',
      'X: required parameter "b" follows an optional one.',
      'Function id "x" is used twice.',
      'x: parameter "c" has type "date".',
      'x: repeating parameter "r" must be last.',
    ].sort());
  });
});

describe('the hub serves the add-in', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    // The TLS proxy in front is on this machine: its X-Forwarded-* headers are believed.
    t = await startTestHub({ demo: false, access: { trustedProxies: ['loopback'] } });
    base = `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}`;
  });
  afterAll(() => t.close());

  it('serves a manifest generated for the address it is reached at through its trusted proxy', async () => {
    const response = await fetch(`${base}/manifest.xml`, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'hub.example.org' } });
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(checkManifest(xml)).toEqual([]);
    expect(xml).toContain('https://hub.example.org/addin/taskpane.html');
  });

  it('serves the pane, its bundle, functions.json and office.js from its own origin', async () => {
    for (const path of ['/addin/taskpane.html', '/addin/taskpane.js', '/addin/functions.json', '/addin/assets/icon-32.png', '/addin/office-js/office.js']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(200);
    }
    expect((await fetch(`${base}/addin/nope.js`)).status).toBe(404);
    const html = await (await fetch(`${base}/addin/taskpane.html`)).text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});
