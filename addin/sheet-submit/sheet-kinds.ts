/**
 * The sheets a finance officer edits and submits besides the shares: the establishment's lines
 * and the funding-risk register. Each names its template query, the mutation that takes the whole
 * sheet, and the editable fields by their field path in the table and their name in the input.
 */
import type { FieldKind } from './cells.js';

export type SheetRole = 'establishment-lines' | 'funding-risks';

export interface SheetField {
  /** The field path of its column in the bound table (`lines.fte`). */
  path: string;
  /** The input field the mutation takes (`fte`). */
  input: string;
  kind: FieldKind;
  values?: readonly string[];
}

export interface SheetKind {
  role: SheetRole;
  /** For messages: `establishment line`, `funding risk`. */
  noun: string;
  mutation: 'submitEstablishment' | 'submitFundingRisks';
  /** The mutation's argument the rows go in. */
  rowsArgument: 'lines' | 'risks';
  /** The query the sheet is read with (template section and the hub's current records). */
  query: string;
  idPath: string;
  versionPath: string;
  /** The field that names a row in messages. */
  labelPath: string;
  /** Fields a new row must have. */
  required: readonly string[];
  fields: readonly SheetField[];
  /** The records in an answer to `query`. */
  records(data: Record<string, unknown>): Array<{ id: string; version: number }>;
}

const PY = '$partnership: String!, $financialYear: String!';
const ARGS = 'partnership: $partnership, financialYear: $financialYear';
const CERTAINTY = ['CONFIRMED', 'EXPECTED', 'UNCERTAIN', 'NOT_GUARANTEED', 'ENDING', 'UNIDENTIFIED'] as const;

export const ESTABLISHMENT_LINES: SheetKind = {
  role: 'establishment-lines',
  noun: 'establishment line',
  mutation: 'submitEstablishment',
  rowsArgument: 'lines',
  query: `query BudgetLines(${PY}) { establishment(${ARGS}) { lines { grade kind fte vacantFte costPerFte vacantCostPerFte onCostPercent abatementPercent budget budgetSource employingAgency { code } payPoint vacancyBasis budgetBasis source id version } } }`,
  idPath: 'lines.id',
  versionPath: 'lines.version',
  labelPath: 'lines.grade',
  required: ['lines.grade'],
  fields: [
    { path: 'lines.grade', input: 'grade', kind: 'text' },
    { path: 'lines.kind', input: 'kind', kind: 'enum', values: ['POST', 'ALLOWANCES', 'OVERTIME'] },
    { path: 'lines.fte', input: 'fte', kind: 'decimal' },
    { path: 'lines.vacantFte', input: 'vacantFte', kind: 'decimal' },
    { path: 'lines.costPerFte', input: 'costPerFte', kind: 'money' },
    { path: 'lines.vacantCostPerFte', input: 'vacantCostPerFte', kind: 'money' },
    { path: 'lines.onCostPercent', input: 'onCostPercent', kind: 'decimal' },
    { path: 'lines.abatementPercent', input: 'abatementPercent', kind: 'decimal' },
    { path: 'lines.budget', input: 'budget', kind: 'money' },
    { path: 'lines.employingAgency.code', input: 'employingAgency', kind: 'text' },
    { path: 'lines.payPoint', input: 'payPoint', kind: 'text' },
    { path: 'lines.vacancyBasis', input: 'vacancyBasis', kind: 'text' },
    { path: 'lines.budgetBasis', input: 'budgetBasis', kind: 'text' },
    { path: 'lines.source', input: 'source', kind: 'text' },
  ],
  records: (data) => ((data.establishment as { lines?: Array<{ id: string; version: number }> } | null)?.lines ?? []),
};

export const FUNDING_RISKS: SheetKind = {
  role: 'funding-risks',
  noun: 'funding risk',
  mutation: 'submitFundingRisks',
  rowsArgument: 'risks',
  query: `query RegisterRisks(${PY}) { fundingRisks(${ARGS}) { title exposure certainty likelihood owner mitigation description source id version } }`,
  idPath: 'id',
  versionPath: 'version',
  labelPath: 'title',
  required: ['title', 'certainty'],
  fields: [
    { path: 'title', input: 'title', kind: 'text' },
    { path: 'exposure', input: 'exposure', kind: 'money' },
    { path: 'certainty', input: 'certainty', kind: 'enum', values: CERTAINTY },
    { path: 'likelihood', input: 'likelihood', kind: 'enum', values: ['LOW', 'MEDIUM', 'HIGH'] },
    { path: 'owner', input: 'owner', kind: 'text' },
    { path: 'mitigation', input: 'mitigation', kind: 'text' },
    { path: 'description', input: 'description', kind: 'text' },
    { path: 'source', input: 'source', kind: 'text' },
  ],
  records: (data) => ((data.fundingRisks as Array<{ id: string; version: number }> | null) ?? []),
};

export const SHEET_KINDS: readonly SheetKind[] = [ESTABLISHMENT_LINES, FUNDING_RISKS];

export const sheetKindOf = (role: string | undefined): SheetKind | undefined => SHEET_KINDS.find((kind) => kind.role === role);
