import { readableChanges, type FieldChange, type Snapshot } from '../../db/readable-changes.js';

/** One line of the audit log as the finance history reads it (the record before and after, as JSON). */
export interface AuditLine {
  at: Date;
  tokenId?: number | null;
  role: string;
  operation: string;
  entity: string;
  entityId?: string | null;
  action: string;
  before?: string | null;
  after?: string | null;
}

/** A change to a finance record, readable: which fields went from what to what. A removal lists every field the record had, so the removed record is kept. */
export interface FinanceChange {
  at: Date;
  action: string;
  entity: string;
  recordId: string | null;
  /** What the record is: its grade, title, purpose or description. */
  label: string | null;
  /** The financial year the record belongs to (`2014/15`), or the years a stream covers (`2014/15–2015/16`). */
  financialYear: string | null;
  tokenId: number | null;
  role: string;
  operation: string;
  changes: FieldChange[];
}

const LABELS = ['grade', 'title', 'purpose', 'description', 'name'];

function parse(json: string | null | undefined): Snapshot | null {
  return json ? (JSON.parse(json) as Snapshot) : null;
}

function yearsOf(record: Snapshot): string | null {
  if (typeof record.year === 'string') return record.year;
  const { fromYear, toYear } = record;
  if (typeof fromYear !== 'string') return null;
  return typeof toYear === 'string' && toYear !== fromYear ? `${fromYear}–${toYear}` : fromYear;
}

/** Reads an audit line as a finance change; `referenceName` names the other records it points to (an agency's code for its id). */
export function financeChangeOf(line: AuditLine, referenceName?: (property: string, id: unknown) => string | undefined): FinanceChange {
  const before = parse(line.before);
  const after = parse(line.after);
  const record = after ?? before ?? {};
  const label = LABELS.map((key) => record[key]).find((value): value is string => typeof value === 'string' && value.length > 0) ?? null;
  return {
    at: line.at,
    action: line.action,
    entity: line.entity,
    recordId: line.entityId ?? null,
    label,
    financialYear: yearsOf(record),
    tokenId: line.tokenId ?? null,
    role: line.role,
    operation: line.operation,
    changes: readableChanges(line.action === 'CREATE' ? null : before, line.action === 'DELETE' ? null : after, referenceName),
  };
}
