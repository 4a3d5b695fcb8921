import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSchema, parse, validate } from 'graphql';
import { hubSchema, printHubSchema } from '../server/schema.js';
import { loadReportLibrary } from '../server/reports/report-library.js';

describe('the committed schema', () => {
  it('is the schema the code builds (run `npm run schema:print` after an API change)', () => {
    expect(readFileSync(new URL('../schema/schema.graphql', import.meta.url), 'utf8')).toBe(printHubSchema());
  });

  it('still answers every finance name of the report contract, as written in DESIGN.md', () => {
    // The report contract's finance queries, copied from DESIGN.md: other people's workbooks depend on these names.
    const contract = `
      query Contract($p: String!, $y: String!) {
        partnerships { code name }
        establishment(partnership: $p, financialYear: $y) { totalFte totalBudget lines { grade fte budget } }
        costShare(partnership: $p, financialYear: $y) { total shares { agency percent contribution } }
        fundingPosition(partnership: $p, financialYear: $y) { plannedCost confirmed atRisk gap }
        fundingRisks(partnership: $p, financialYear: $y) { title exposure certainty }
        optionsAppraisal(partnership: $p) { option title saving savingPercent status }
      }`;
    const committed = buildSchema(readFileSync(new URL('../schema/schema.graphql', import.meta.url), 'utf8'));
    expect(validate(committed, parse(contract))).toEqual([]);
    expect(validate(hubSchema(), parse(contract))).toEqual([]);
  });
});

describe('the saved reports', () => {
  const reports = loadReportLibrary();

  it('each has a title, a description and example variables', () => {
    expect(reports.map((r) => r.name)).toEqual(expect.arrayContaining(['establishment', 'cost-share', 'funding-position', 'funding-risks', 'options-appraisal', 'partnerships']));
    for (const report of reports) {
      expect(report.title.length).toBeGreaterThan(3);
      expect(report.description.length).toBeGreaterThan(20);
      expect(() => JSON.parse(report.variables)).not.toThrow();
    }
  });

  it.each(loadReportLibrary().map((r) => [r.name, r.query] as const))('%s validates against the schema', (_name, query) => {
    expect(validate(hubSchema(), parse(query))).toEqual([]);
  });
});
