/**
 * Stands in for office.js in the browser test: an Office namespace that reports Excel, an
 * in-memory workbook behind `Excel.run`, OfficeRuntime.storage and CustomFunctions.associate.
 * Bundled by the test and served in place of /addin/office-js/office.js.
 */
import { FakeWorkbook } from './fake-excel.js';

const book = new FakeWorkbook();
const storage = new Map<string, string>();
const w = window as unknown as Record<string, unknown>;
const functions: Record<string, unknown> = {};

w.__fakeWorkbook = book;
w.__customFunctions = functions;
/** `?excelApi=1.12` on the pane's address: an older Excel (requirement sets up to that version). */
const excelApi = new URLSearchParams(location.search).get('excelApi') ?? '1.17';
const version = (v: string) => v.split('.').map(Number).reduce((major, minor) => major * 1000 + minor);
w.Excel = book.api({ excelApi });
w.OfficeRuntime = {
  storage: {
    getItem: async (key: string) => storage.get(key) ?? null,
    setItem: async (key: string, value: string) => void storage.set(key, value),
    removeItem: async (key: string) => void storage.delete(key),
  },
};
class CustomFunctionError extends Error {
  constructor(readonly code: string, message?: string) {
    super(message);
  }
}
w.CustomFunctions = {
  associate: (id: string, fn: unknown) => void (functions[id] = fn),
  Error: CustomFunctionError,
  ErrorCode: { notAvailable: '#N/A', invalidValue: '#VALUE!' },
};
const info = { host: 'Excel', platform: 'OfficeOnline' };
w.Office = {
  HostType: { Excel: 'Excel' },
  context: { requirements: { isSetSupported: (name: string, min = '1.1') => (name === 'ExcelApi' ? version(excelApi) >= version(min) : name === 'SharedRuntime' && min === '1.1') } },
  onReady: (callback?: (i: typeof info) => void) => {
    queueMicrotask(() => callback?.(info));
    return Promise.resolve(info);
  },
};
