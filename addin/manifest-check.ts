/**
 * Offline structural checks of the manifest and functions.json (Microsoft's validator needs the
 * internet): element order, resids, one https origin, the shared-runtime rules, function ids.
 * Returns the problems found; an empty list means the file passed.
 */
import { DOMParser, type Element } from '@xmldom/xmldom';
import { EXCEL_API } from './requirements.js';

export const BASE_ORDER = ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'VersionOverrides'];
const REQUIRED = ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'VersionOverrides'];

const children = (element: Element) => Array.from(element.childNodes).filter((node): node is Element => node.nodeType === 1) as Element[];
const local = (element: Element) => element.localName ?? element.nodeName.replace(/^.*:/, '');
const all = (element: Element, name: string) => Array.from(element.getElementsByTagNameNS('*', name)) as Element[];
const child = (element: Element | undefined, name: string) => (element ? children(element).find((c) => local(c) === name) : undefined);

/** True when `names` appear in the same relative order as in `order`. */
function inOrder(names: string[], order: string[]): boolean {
  const positions = names.map((name) => order.indexOf(name));
  return positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]));
}

export function checkManifest(xml: string): string[] {
  const problems: string[] = [];
  const document = new DOMParser({ onError: (level, message) => void (level !== 'warning' && problems.push(`XML: ${message}`)) }).parseFromString(xml, 'text/xml');
  const root = document.documentElement as unknown as Element | null;
  if (!root || local(root) !== 'OfficeApp') return [...problems, 'The root element must be OfficeApp.'];

  const top = children(root).map(local);
  if (!inOrder(top, BASE_ORDER)) problems.push(`Base elements are out of order: ${top.join(', ')} (expected the order ${BASE_ORDER.join(', ')}).`);
  for (const name of REQUIRED) if (!top.includes(name)) problems.push(`<${name}> is missing.`);
  if (child(root, 'Permissions')?.textContent?.trim() !== 'ReadWriteDocument') problems.push('<Permissions> must be ReadWriteDocument.');

  // Resource ids: at most 32 characters, unique, and every resid resolves.
  const resources = all(root, 'Resources')[0];
  const ids = new Map<string, Element>();
  for (const element of resources ? all(resources, '*') : []) {
    const id = element.getAttribute('id');
    if (!id) continue;
    if (id.length > 32) problems.push(`Resource id "${id}" is longer than 32 characters.`);
    if (ids.has(id)) problems.push(`Resource id "${id}" is defined twice.`);
    ids.set(id, element);
  }
  for (const element of all(root, '*')) {
    const resid = element.getAttribute('resid');
    if (resid === null) continue;
    if (resid.length > 32) problems.push(`resid "${resid}" is longer than 32 characters.`);
    if (!ids.has(resid)) problems.push(`resid "${resid}" on <${local(element)}> has no resource.`);
  }

  // URLs: https, one origin.
  const urls: string[] = [];
  for (const element of all(root, '*')) {
    const value = element.getAttribute('DefaultValue');
    if (value && /^[a-z]+:\/\//i.test(value)) urls.push(value);
    if (local(element) === 'AppDomain') urls.push(element.textContent?.trim() ?? '');
  }
  const origins = new Set<string>();
  for (const value of urls) {
    try {
      const url = new URL(value);
      if (url.protocol !== 'https:') problems.push(`${value} is not https.`);
      origins.add(url.origin);
    } catch {
      problems.push(`"${value}" is not a URL.`);
    }
  }
  if (origins.size > 1) problems.push(`URLs use more than one origin: ${[...origins].join(', ')}.`);

  // Shared runtime.
  const requirements = child(root, 'Requirements');
  const sharedRuntime = requirements && all(requirements, 'Set').find((set) => set.getAttribute('Name') === 'SharedRuntime');
  if (!sharedRuntime || sharedRuntime.getAttribute('MinVersion') !== '1.1') problems.push('<Requirements> must list <Set Name="SharedRuntime" MinVersion="1.1"/>.');
  const excelApi = requirements && all(requirements, 'Set').find((set) => set.getAttribute('Name') === 'ExcelApi');
  if (excelApi?.getAttribute('MinVersion') !== EXCEL_API) problems.push(`<Requirements> must list <Set Name="ExcelApi" MinVersion="${EXCEL_API}"/>, the Excel API the add-in calls.`);
  const overrides = child(root, 'VersionOverrides');
  const workbook = overrides && all(overrides, 'Host').find((host) => host.getAttribute('xsi:type') === 'Workbook');
  if (!workbook) return [...problems, 'VersionOverrides has no <Host xsi:type="Workbook">.'];
  const hostChildren = children(workbook).map(local);
  if (hostChildren[0] !== 'Runtimes') problems.push('<Runtimes> must be the first child of the Workbook host.');
  if (!inOrder(hostChildren, ['Runtimes', 'AllFormFactors', 'DesktopFormFactor'])) problems.push(`Workbook host children are out of order: ${hostChildren.join(', ')}.`);
  const runtime = all(workbook, 'Runtime')[0];
  if (runtime?.getAttribute('lifetime') !== 'long') problems.push('The shared <Runtime> must have lifetime="long".');
  const runtimeId = runtime?.getAttribute('resid');
  const customFunctions = all(workbook, 'ExtensionPoint').find((e) => e.getAttribute('xsi:type') === 'CustomFunctions');
  if (!customFunctions) problems.push('There is no CustomFunctions extension point.');
  const sameRuntime: Array<[string, string | null | undefined]> = [
    ['custom functions <Page>', customFunctions && child(child(customFunctions, 'Page'), 'SourceLocation')?.getAttribute('resid')],
    ['<FunctionFile>', all(workbook, 'FunctionFile')[0]?.getAttribute('resid')],
    ...all(workbook, 'Action')
      .filter((action) => action.getAttribute('xsi:type') === 'ShowTaskpane')
      .map((action): [string, string | null | undefined] => ['the ShowTaskpane button', child(action, 'SourceLocation')?.getAttribute('resid')]),
  ];
  for (const [where, resid] of sameRuntime) if (resid !== runtimeId) problems.push(`${where} uses resid "${resid}", not the shared runtime's "${runtimeId}".`);
  if (customFunctions) {
    for (const part of ['Script', 'Page', 'Metadata']) if (!child(child(customFunctions, part), 'SourceLocation')) problems.push(`CustomFunctions <${part}> has no SourceLocation.`);
    const namespace = child(customFunctions, 'Namespace')?.getAttribute('resid');
    const value = namespace ? ids.get(namespace)?.getAttribute('DefaultValue') : undefined;
    if (!value || !/^[A-Za-z][A-Za-z0-9]{0,31}$/.test(value)) problems.push(`The functions namespace "${value}" must be a short alphanumeric string.`);
  }
  return problems;
}

interface FunctionMetadata {
  id: string;
  name: string;
  parameters: Array<{ name: string; type?: string; optional?: boolean; repeating?: boolean; dimensionality?: string }>;
  result?: { type?: string; dimensionality?: string };
}

const VALID_TYPES = new Set(['any', 'boolean', 'number', 'string']);

export function checkFunctionsMetadata(json: string): string[] {
  const problems: string[] = [];
  let metadata: { functions?: FunctionMetadata[] };
  try {
    metadata = JSON.parse(json);
  } catch {
    return ['functions.json is not valid JSON.'];
  }
  if (!Array.isArray(metadata.functions) || metadata.functions.length === 0) return ['functions.json lists no functions.'];
  const seen = new Set<string>();
  for (const fn of metadata.functions) {
    if (!/^[A-Za-z][A-Za-z0-9_.]*$/.test(fn.id)) problems.push(`Function id "${fn.id}" must start with a letter and hold only letters, digits, "_" and ".".`);
    if (/^[A-Za-z]{1,3}[0-9]+$/.test(fn.id) || /^R[0-9]+C[0-9]+$/i.test(fn.id)) problems.push(`Function id "${fn.id}" looks like a cell reference.`);
    if (seen.has(fn.id.toUpperCase())) problems.push(`Function id "${fn.id}" is used twice.`);
    seen.add(fn.id.toUpperCase());
    if (!fn.name) problems.push(`Function ${fn.id} has no name.`);
    const names = new Set<string>();
    let optionalSeen = false;
    fn.parameters.forEach((p, index) => {
      if (names.has(p.name)) problems.push(`${fn.id}: parameter "${p.name}" appears twice.`);
      names.add(p.name);
      if (p.type && !VALID_TYPES.has(p.type)) problems.push(`${fn.id}: parameter "${p.name}" has type "${p.type}".`);
      if (optionalSeen && !p.optional) problems.push(`${fn.id}: required parameter "${p.name}" follows an optional one.`);
      if (p.repeating && index !== fn.parameters.length - 1) problems.push(`${fn.id}: repeating parameter "${p.name}" must be last.`);
      optionalSeen ||= Boolean(p.optional);
    });
  }
  return problems;
}
