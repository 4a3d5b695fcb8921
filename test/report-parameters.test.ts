import { describe, expect, it } from 'vitest';
import { hubSchema } from '../server/schema.js';
import { loadReportLibrary } from '../server/reports/report-library.js';
import { humanise, reportParameters } from '../server/reports/report-parameters.js';

describe('a saved report’s parameters, described for people', () => {
  const schema = hubSchema();
  const snapshot = loadReportLibrary().find((r) => r.name === 'cohort-snapshot')!;

  it('labels each variable in words, with its argument’s description, the choices of a fixed list, and dates marked', () => {
    const parameters = reportParameters(schema, snapshot.query);
    expect(parameters.map((p) => p.label)).toEqual(['Partnership', 'Date', 'Group by', 'Suppress under']);
    const [partnership, date, groupBy] = parameters;
    expect(partnership).toMatchObject({ type: 'String!', required: true, choices: [], date: false });
    expect(date).toMatchObject({ description: 'YYYY-MM-DD.', date: true });
    expect(groupBy.type).toBe('CohortGrouping');
    expect(groupBy.choices.map((c) => c.value)).toContain('GENDER');
    expect(groupBy.choices.every((c) => !/^[A-Z_]+$/.test(c.label))).toBe(true);
  });

  it('turns names into words', () => {
    expect(['financialYear', 'AS_AT', 'suppressUnder', 'p'].map(humanise)).toEqual(['Financial year', 'As at', 'Suppress under', 'P']);
  });

  it('describes every saved report without failing', () => {
    for (const report of loadReportLibrary()) for (const p of reportParameters(schema, report.query)) expect(p.label, `${report.name} ${p.name}`).not.toMatch(/[A-Z]{2}|!/);
  });
});
