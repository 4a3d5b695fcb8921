import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dataOf, errorOf, startTestHub, type TestHub } from './support/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

interface Kind {
  name: string;
  add: string;
  inputType: string;
  update: string;
  remove: string;
  arg: string;
  selection: string;
  full: () => Record<string, unknown>;
  /** A new value for each field an update may send on its own. */
  changes: Record<string, unknown>;
  /** Fields that null clears (the others are required). */
  optional: string[];
}

let counter = 100;
const KINDS: Kind[] = [
  {
    name: 'establishment line', add: 'addEstablishmentLine(partnership: "barnet", financialYear: "2014/15", line: $x)', inputType: 'EstablishmentLineInput',
    update: 'updateEstablishmentLine', remove: 'removeEstablishmentLine', arg: 'line',
    selection: 'grade kind employingAgency { code } fte budget onCostPercent abatementPercent budgetBasis payPoint vacantFte vacancyBasis notes source position',
    full: () => ({ grade: 'Police officer', kind: 'POST', employingAgency: 'met-police', fte: 5, budget: 242_500, onCostPercent: 25, abatementPercent: 3, budgetBasis: 'As budgeted', payPoint: 'PC point 4', vacantFte: 1, vacancyBasis: 'Vacant at the bottom of the scale', notes: 'Seconded', source: 'Barnet paper, 3.2', position: 7 }),
    changes: { grade: 'Sergeant', employingAgency: 'london-crc', fte: 6.5, budget: 250_000.01, onCostPercent: 30, abatementPercent: 2.5, budgetBasis: 'Revised', payPoint: 'PS point 1', vacantFte: 0.5, vacancyBasis: 'Vacant: top of scale', notes: 'Changed', source: 'Minute 12', position: 9 },
    optional: ['employingAgency', 'budget', 'onCostPercent', 'abatementPercent', 'budgetBasis', 'payPoint', 'vacantFte', 'vacancyBasis', 'notes', 'source'],
  },
  {
    name: 'non-pay line', add: 'addNonPayLine(partnership: "barnet", financialYear: "2014/15", line: $x)', inputType: 'NonPayLineInput',
    update: 'updateNonPayLine', remove: 'removeNonPayLine', arg: 'line', selection: 'category description quantity unitCost amount notes source',
    full: () => ({ category: 'VEHICLES', description: 'Vehicle insurance', quantity: null, unitCost: null, amount: 9_600, notes: 'About £800 a vehicle', source: 'Paper, 6.4' }),
    changes: { category: 'PREMISES', description: 'Office rent', amount: 12_000.5, notes: 'Renewed', source: 'Lease' },
    optional: ['notes', 'source'],
  },
  {
    name: 'funding stream', add: 'addFundingStream(partnership: "barnet", stream: $x)', inputType: 'FundingStreamInput',
    update: 'updateFundingStream', remove: 'removeFundingStream', arg: 'stream',
    selection: 'funder purpose amountAgreed amountExpected fromFinancialYear toFinancialYear endDate certainty notes source',
    full: () => ({ funder: 'MOPAC', purpose: 'IOM coordinator', amountAgreed: 40_000, amountExpected: 38_000, fromFinancialYear: '2013/14', toFinancialYear: '2014/15', endDate: '2015-03-31', certainty: 'EXPECTED', notes: 'Bid made', source: 'Barnet paper' }),
    changes: { funder: 'Home Office', purpose: 'Coordinator post', amountAgreed: 41_000.25, amountExpected: 39_000, toFinancialYear: '2015/16', endDate: '2015-09-30', certainty: 'CONFIRMED', notes: 'Confirmed', source: 'Grant letter' },
    optional: ['amountAgreed', 'amountExpected', 'endDate', 'notes', 'source'],
  },
  {
    name: 'funding risk', add: 'addFundingRisk(partnership: "barnet", financialYear: "2014/15", risk: $x)', inputType: 'FundingRiskInput',
    update: 'updateFundingRisk', remove: 'removeFundingRisk', arg: 'risk', selection: 'title description exposure certainty likelihood owner mitigation source',
    full: () => ({ title: 'Coordinator funding ends', description: 'MOPAC funding to March', exposure: 40_000, certainty: 'ENDING', likelihood: 'HIGH', owner: 'Chair', mitigation: 'Bid again', source: 'Risk log' }),
    changes: { title: 'Funding ends', description: 'Ends in March', exposure: 38_500.75, certainty: 'UNCERTAIN', likelihood: 'LOW', owner: 'Treasurer', mitigation: 'Reserves', source: 'Minute 4' },
    optional: ['description', 'exposure', 'likelihood', 'owner', 'mitigation', 'source'],
  },
  {
    name: 'appraisal option', add: 'addAppraisalOption(partnership: "turnaround", option: $x)', inputType: 'AppraisalOptionInput',
    update: 'updateAppraisalOption', remove: 'removeAppraisalOption', arg: 'option', selection: 'programme option title description cost saving savingPercent status reason notes source',
    full: () => ({ programme: 'Partial test', option: ++counter, title: 'Status quo', description: 'No change', cost: 100_000, saving: 0, savingPercent: 0, status: 'UNDER_CONSIDERATION', reason: 'Baseline', notes: 'n', source: 's' }),
    changes: { programme: 'Partial test, revised', title: 'Merge', description: 'One team', cost: 90_000, saving: 10_000, savingPercent: 10, status: 'PREFERRED', reason: 'Cheapest', notes: 'm', source: 't' },
    optional: ['description', 'cost', 'saving', 'savingPercent', 'reason', 'notes', 'source'],
  },
];

/** What reading the record back gives for an input value. */
const readBack = (field: string, value: unknown) => (field === 'employingAgency' ? (value === null ? null : { code: value }) : value);
const expectedOf = (input: Record<string, unknown>) => Object.fromEntries(Object.entries(input).map(([k, v]) => [k, readBack(k, v)]));

async function addFull(kind: Kind) {
  const input = kind.full();
  const added = dataOf(await t.gql(`mutation ($x: ${kind.inputType}!) { r: ${kind.add} { id version ${kind.selection} } }`, { x: input })).r;
  const { id, version, ...values } = added;
  expect(values).toEqual(expectedOf(input));
  return { id, version, values, input };
}

const update = (kind: Kind, id: string, version: number, x: Record<string, unknown>) =>
  t.gql(`mutation ($id: ID!, $v: Int!, $x: ${kind.inputType}!) { r: ${kind.update}(id: $id, expectedVersion: $v, ${kind.arg}: $x) { id version ${kind.selection} } }`, { id, v: version, x });

describe.each(KINDS.map((kind) => [kind.name, kind] as const))('updating a %s', (_name, kind) => {
  it('changes the fields it sends and leaves every omitted field as it was', async () => {
    const fields = Object.keys(kind.changes);
    await fc.assert(
      fc.asyncProperty(fc.subarray(fields, { minLength: 1 }), async (chosen) => {
        const { id, version, values } = await addFull(kind);
        const sent = Object.fromEntries(chosen.map((field) => [field, kind.changes[field]]));
        const { id: _id, version: next, ...after } = dataOf(await update(kind, id, version, sent)).r;
        expect(next).toBe(version + 1);
        expect(after).toEqual({ ...values, ...expectedOf(sent) });
      }),
      { numRuns: 8 },
    );
  });

  it('clears a field sent as null, and refuses null for a field the record needs', async () => {
    const { id, version, values } = await addFull(kind);
    const cleared = Object.fromEntries(kind.optional.map((field) => [field, null]));
    const { id: _id, version: _v, ...after } = dataOf(await update(kind, id, version, cleared)).r;
    expect(after).toEqual({ ...values, ...cleared });
    const required = Object.keys(kind.full()).find((field) => !kind.optional.includes(field) && field in kind.changes)!;
    expect(errorOf(await update(kind, id, version + 1, { [required]: null }))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: `${kind.arg}.${required}` } });
  });

  it('refuses to add one without the fields it needs, naming the first', async () => {
    const error = errorOf(await t.gql(`mutation ($x: ${kind.inputType}!) { r: ${kind.add} { id } }`, { x: { source: 'nothing else' } }));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(new RegExp(`^${kind.arg}\\.\\w+: is required\\.$`)) });
  });
});

describe('a budget from its parts, through the API', () => {
  const ADD = 'mutation ($x: EstablishmentLineInput!) { addEstablishmentLine(partnership: "barnet", financialYear: "2015/16", line: $x) { id version fte budget budgetSource budgetWorking costPerFte vacantFte vacantCostPerFte } }';
  const UPDATE = 'mutation ($id: ID!, $v: Int!, $x: EstablishmentLineInput!) { updateEstablishmentLine(id: $id, expectedVersion: $v, line: $x) { version fte budget budgetSource } }';

  it('works the budget out to the penny, again when a part changes, and says so', async () => {
    const line = dataOf(await t.gql(ADD, { x: { grade: 'Sergeant', fte: 4, costPerFte: 45_000, vacantFte: 3, vacantCostPerFte: 38_000, onCostPercent: 25, abatementPercent: 3 } })).addEstablishmentLine;
    expect(line).toMatchObject({ budget: 192_787.5, budgetSource: 'DERIVED', budgetWorking: '(1.00 FTE × £45,000.00 + 3.00 FTE × £38,000.00) × 125% on-costs × 97% (3% abatement) = £192,787.50' });
    // One more filled post: (2 × 45,000 + 3 × 38,000) × 1.2125 = £247,350.00
    expect(dataOf(await t.gql(UPDATE, { id: line.id, v: 1, x: { fte: 5 } })).updateEstablishmentLine).toEqual({ version: 2, fte: 5, budget: 247_350, budgetSource: 'DERIVED' });
  });

  it('refuses a typed budget that disagrees with the parts, and types it in once the cost per FTE is cleared', async () => {
    const line = dataOf(await t.gql(ADD, { x: { grade: 'Constable', fte: 2, costPerFte: 30_000, onCostPercent: 25, abatementPercent: 3 } })).addEstablishmentLine;
    expect(line.budget).toBe(72_750);
    const error = errorOf(await t.gql(UPDATE, { id: line.id, v: 1, x: { budget: 70_000 } }));
    expect(error).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'line.budget: the line\'s parts give 2.00 FTE × £30,000.00 × 125% on-costs × 97% (3% abatement) = £72,750.00, not £70,000.00. Send the parts or the budget; to type a budget in, clear costPerFte (null).',
    });
    expect(dataOf(await t.gql(UPDATE, { id: line.id, v: 1, x: { costPerFte: null, budget: 70_000 } })).updateEstablishmentLine).toEqual({ version: 2, fte: 2, budget: 70_000, budgetSource: 'ENTERED' });
  });

  it('says what is wrong with parts that cannot be', async () => {
    expect(errorOf(await t.gql(ADD, { x: { grade: 'Allowances', kind: 'ALLOWANCES', costPerFte: 1_000 } }))).toMatchObject({ extensions: { field: 'line.costPerFte' } });
    expect(errorOf(await t.gql(ADD, { x: { grade: 'Constable', fte: 2, vacantFte: 3, costPerFte: 1_000 } }))).toMatchObject({ message: 'line.vacantFte: 3.00 FTE vacant is more than the 2.00 FTE the line establishes.' });
    expect(errorOf(await t.gql(ADD, { x: { grade: 'Constable', fte: 2, vacantCostPerFte: 1_000 } }))).toMatchObject({ extensions: { field: 'line.vacantCostPerFte' } });
    expect(errorOf(await t.gql(ADD, { x: { grade: 'Constable', fte: 2, costPerFte: 30_000.001 } }))).toMatchObject({ message: 'line.costPerFte: must be whole pence (got 30000.001).' });
  });
});

describe('a non-pay cost from quantity and unit cost', () => {
  it('works the amount out again when only the quantity changes', async () => {
    const line = dataOf(await t.gql('mutation { addNonPayLine(partnership: "barnet", financialYear: "2015/16", line: { category: VEHICLES, description: "Insurance", quantity: 12, unitCost: 800 }) { id amount } }')).addNonPayLine;
    expect(line.amount).toBe(9_600);
    const updated = dataOf(await t.gql('mutation ($id: ID!) { updateNonPayLine(id: $id, expectedVersion: 1, line: { quantity: 13 }) { quantity unitCost amount } }', { id: line.id })).updateNonPayLine;
    expect(updated).toEqual({ quantity: 13, unitCost: 800, amount: 10_400 });
  });
});
