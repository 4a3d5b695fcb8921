import { readFileSync } from 'node:fs';
import { buildSchema, getNamedType, isObjectType, isScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { spreadsheetForm } from '../server/units/scalars.js';

/**
 * Every number the hub serves says what it is. The only numeric leaves left as bare Int are these:
 * ids, versions (every field named `version`, and the few listed) and positions (places in a list, a file or a ranking).
 */
const IDS = ['AuditEntry.tokenId', 'FinanceChange.tokenId', 'BoardPackSnapshot.id'];
/** Version numbers under names of their own (a cost share's plan version, the two sides of a diff). */
const VERSIONS = ['CostShare.planVersion', 'CostShareDiff.from', 'CostShareDiff.to', 'ReportUse.versions', 'SavedReport.versions'];
const POSITIONS = [
  'EstablishmentLine.position',
  'AppraisalOption.option',
  'ImportProblemResult.row',
  'SheetRowChange.row',
  'ReoffendingComparisonRow.rankByDifference',
  'ReoffendingComparisonRow.rankByActual',
  'ReoffendingComparisonRow.publishedRankByDifference',
  'ReoffendingComparisonRow.publishedRankByActual',
  'NeedRow.rank',
  // A MAPPA level (1–3) is the number of a category, in order, not an amount.
  'Nominal.mappaLevel',
];
/** The committed schema (a test in schema.test.ts keeps it the one the code builds). */
const schema = buildSchema(readFileSync(new URL('../schema/schema.graphql', import.meta.url), 'utf8'));
const isVersion = (field: string) => field.endsWith('.version');

function numericLeaves(): { field: string; type: string }[] {
  const leaves: { field: string; type: string }[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type).name;
      if (named === 'Int' || named === 'Float') leaves.push({ field: `${type.name}.${field.name}`, type: named });
    }
  }
  return leaves;
}

describe('units in the schema', () => {
  it('every numeric output field has a unit scalar, except the listed ids, versions and positions', () => {
    const unexplained = numericLeaves().filter(({ field, type }) => type === 'Float' || !(IDS.includes(field) || VERSIONS.includes(field) || POSITIONS.includes(field) || isVersion(field)));
    expect(unexplained, 'give these a unit scalar from server/units/scalars.ts (Money, Percent, Count, Fte, a Rate…)').toEqual([]);
  });

  it('lists no exception the schema no longer has', () => {
    const leaves = numericLeaves().map((l) => l.field);
    expect([...IDS, ...VERSIONS, ...POSITIONS].filter((field) => !leaves.includes(field))).toEqual([]);
  });

  it('each unit scalar is described and has a spreadsheet form', () => {
    const scalars = Object.values(schema.getTypeMap()).filter((t) => isScalarType(t) && !['Int', 'Float', 'String', 'Boolean', 'ID', 'DateTimeISO', 'JSONObject'].includes(t.name));
    expect(scalars.map((s) => s.name).sort()).toEqual(['Count', 'Date', 'Fte', 'Money', 'Month', 'Percent', 'RatePer100Members', 'RatePerFte', 'RatePerMember', 'RatePerReoffender', 'Score', 'Weight']);
    for (const scalar of scalars) {
      expect(scalar.description?.length, scalar.name).toBeGreaterThan(20);
      expect(spreadsheetForm(scalar.name).kind, scalar.name).not.toBe('TEXT');
    }
  });
});
