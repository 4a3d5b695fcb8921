import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorOf, startTestHub, type TestHub } from './support/hub.js';
import { dataSnapshot } from './support/snapshot.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const READ = '{ establishment(partnership: "norfolk-suffolk", financialYear: "2014/15") { totalBudget lines { id version grade fte budget employingAgency { code } } } }';
const SUBMIT = `mutation ($lines: [EstablishmentSheetLineInput!]!, $removed: [RemovedRowInput!], $dryRun: Boolean) {
  submitEstablishment(partnership: "norfolk-suffolk", financialYear: "2014/15", lines: $lines, removed: $removed, dryRun: $dryRun) {
    dryRun added updated removed unchanged rows { row id version action label changes { field from to } } } }`;

type Line = { id: string; version: number; grade: string; fte: number; budget: number };
const read = async () => dataOf(await t.gql(READ)).establishment as { totalBudget: number; lines: Line[] };
/** The sheet as read, every line sending every column: what the add-in sends back. */
const sheetOf = (lines: Line[]) => lines.map(({ id, version, grade, fte, budget }) => ({ id, expectedVersion: version, grade, fte, budget }));

describe('submitting an edited establishment sheet', () => {
  it('reviews the changes first (dry run), saving nothing', async () => {
    const { lines } = await read();
    const sheet = sheetOf(lines);
    sheet[2] = { ...sheet[2], budget: 700_000 };
    const overtime = lines.find((line) => line.grade === 'Overtime')!;
    const before = await dataSnapshot(t.orm);
    const review = dataOf(await t.gql(SUBMIT, {
      lines: [...sheet.filter((row) => row.id !== overtime.id), { grade: 'Detective Constable', fte: 1, budget: 45_000, employingAgency: 'norfolk-constabulary' }],
      removed: [{ id: overtime.id, expectedVersion: overtime.version }],
      dryRun: true,
    })).submitEstablishment;
    expect(review).toMatchObject({ dryRun: true, added: 1, updated: 1, removed: 1, unchanged: 4 });
    expect(review.rows.find((row: any) => row.action === 'UPDATE')).toEqual({ row: 3, id: lines[2].id, version: null, action: 'UPDATE', label: 'Constable', changes: [{ field: 'budget', from: '693593', to: '700000' }] });
    expect(review.rows.find((row: any) => row.action === 'CREATE').changes).toEqual(expect.arrayContaining([{ field: 'employingAgency', from: null, to: 'norfolk-constabulary' }, { field: 'budget', from: null, to: '45000' }]));
    expect(review.rows.find((row: any) => row.action === 'DELETE')).toMatchObject({ row: null, id: overtime.id, label: 'Overtime', changes: expect.arrayContaining([{ field: 'budget', from: '2678', to: null }]) });
    expect(await dataSnapshot(t.orm)).toBe(before);
  });

  it('writes the sheet as one change; unchanged lines keep their version', async () => {
    const { lines } = await read();
    const sheet = sheetOf(lines);
    sheet[2] = { ...sheet[2], budget: 700_000 };
    const result = dataOf(await t.gql(SUBMIT, { lines: [...sheet, { grade: 'Detective Constable', fte: 1, budget: 45_000 }] })).submitEstablishment;
    expect(result).toMatchObject({ dryRun: false, added: 1, updated: 1, removed: 0, unchanged: 5 });
    const after = await read();
    expect(after.totalBudget).toBe(1_023_944 - 693_593 + 700_000 + 45_000);
    expect(after.lines.map((line) => line.version)).toEqual([...lines.map((line, i) => (i === 2 ? line.version + 1 : line.version)), 1]);
    expect(result.rows.map((row: any) => row.version)).toEqual(after.lines.map((line) => line.version));
    expect(result.rows[6]).toMatchObject({ action: 'CREATE', id: after.lines[6].id, label: 'Detective Constable' });
  });

  it('refuses a stale sheet with CONFLICT and writes nothing: a line changed, added or removed since it was read', async () => {
    const { lines } = await read();
    const sheet = sheetOf(lines).map((row, i) => (i === 0 ? { ...row, budget: 70_000 } : row));
    // Someone else changes the Sergeant line after the sheet was read.
    dataOf(await t.gql('mutation ($id: ID!, $v: Int!) { updateEstablishmentLine(id: $id, expectedVersion: $v, line: { notes: "Checked" }) { version } }', { id: lines[1].id, v: lines[1].version }));
    let before = await dataSnapshot(t.orm);
    const changed = errorOf(await t.gql(SUBMIT, { lines: sheet }));
    expect(changed).toMatchObject({ code: 'CONFLICT', extensions: { expectedVersion: lines[1].version, currentVersion: lines[1].version + 1 } });
    expect(changed.message).toMatch(/^Establishment line \d+ \(Sergeant\) has changed since you read it/);
    expect(await dataSnapshot(t.orm)).toBe(before);

    const fresh = sheetOf((await read()).lines);
    dataOf(await t.gql('mutation { addEstablishmentLine(partnership: "norfolk-suffolk", financialYear: "2014/15", line: { grade: "Intelligence analyst", fte: 1 }) { id } }'));
    before = await dataSnapshot(t.orm);
    const added = errorOf(await t.gql(SUBMIT, { lines: fresh }));
    expect(added).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^Establishment line \d+ \(Intelligence analyst\) is in the 2014\/15 establishment of Norfolk & Suffolk 180 Joint IOM but not in your sheet: someone added it since your sheet was read\./) });
    expect(await dataSnapshot(t.orm)).toBe(before);

    const current = (await read()).lines;
    const analyst = current.find((line) => line.grade === 'Intelligence analyst')!;
    dataOf(await t.gql('mutation ($id: ID!, $v: Int!) { removeEstablishmentLine(id: $id, expectedVersion: $v) }', { id: analyst.id, v: analyst.version }));
    const removed = errorOf(await t.gql(SUBMIT, { lines: sheetOf(current) }));
    expect(removed).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^Establishment line \d+ is no longer in the 2014\/15 establishment .*: someone removed it since your sheet was read/) });
  });

  it('names the row and field of bad input, and writes none of the sheet', async () => {
    const { lines } = await read();
    const sheet = sheetOf(lines);
    sheet[0] = { ...sheet[0], budget: 70_000 };
    sheet[3] = { ...sheet[3], fte: -1 };
    const before = await dataSnapshot(t.orm);
    expect(errorOf(await t.gql(SUBMIT, { lines: sheet }))).toMatchObject({ code: 'BAD_USER_INPUT', message: 'lines[3].fte: must not be negative (got -1).' });
    expect(errorOf(await t.gql(SUBMIT, { lines: [...sheet.slice(0, 3), { ...sheet[2] }] }))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'lines[3].id' } });
    expect(errorOf(await t.gql(SUBMIT, { lines: [{ id: sheet[0].id, grade: 'x' }] }))).toMatchObject({ extensions: { field: 'lines[0].expectedVersion' } });
    expect(await dataSnapshot(t.orm)).toBe(before);
  });
});

describe('submitting an edited funding-risk register', () => {
  const RISKS = '{ fundingRisks(partnership: "norfolk-suffolk", financialYear: "2015/16") { id version title exposure } }';
  const SUBMIT_RISKS = `mutation ($risks: [FundingRiskSheetRowInput!]!, $removed: [RemovedRowInput!], $dryRun: Boolean) {
    submitFundingRisks(partnership: "norfolk-suffolk", financialYear: "2015/16", risks: $risks, removed: $removed, dryRun: $dryRun) { added updated removed unchanged rows { action label changes { field from to } } } }`;

  it('sets an exposure the paper left open, adds a risk, and refuses a stale register', async () => {
    const risks = dataOf(await t.gql(RISKS)).fundingRisks;
    const sheet = risks.map((risk: any) => ({ id: risk.id, expectedVersion: risk.version, title: risk.title, exposure: risk.exposure }));
    const premises = sheet.findIndex((risk: any) => risk.title === 'Premises costs not fully identified');
    sheet[premises] = { ...sheet[premises], exposure: 12_500 };
    const rows = [...sheet, { title: 'Inflation on E-CINS licences', certainty: 'UNCERTAIN', exposure: 1_200.5 }];
    const review = dataOf(await t.gql(SUBMIT_RISKS, { risks: rows, dryRun: true })).submitFundingRisks;
    expect(review).toMatchObject({ added: 1, updated: 1, removed: 0, unchanged: 7 });
    expect(review.rows[premises].changes).toEqual([{ field: 'exposure', from: null, to: '12500' }]);
    dataOf(await t.gql(SUBMIT_RISKS, { risks: rows }));
    const position = dataOf(await t.gql('{ fundingPosition(partnership: "norfolk-suffolk", financialYear: "2015/16") { riskExposure } }')).fundingPosition;
    expect(position.riskExposure).toBe(65_600 + 12_500 + 1_200.5);
    expect(errorOf(await t.gql(SUBMIT_RISKS, { risks: rows })).code).toBe('CONFLICT');
  });
});
