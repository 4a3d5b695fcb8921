import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaled, SHARED } from './support/reliability.js';
import { startTestHub, type TestHub } from './support/hub.js';

/**
 * Model-based test: random sequences of finance mutations (including stale versions and invalid
 * input) go through the GraphQL API and through a plain in-memory model of what they should do;
 * after every command the hub's state must equal the model's. Cohort mutations join as commands
 * of the same shape.
 */

interface LineModel { grade: string; fte: number; budget: number | null; version: number }
interface RiskModel { title: string; exposure: number | null; version: number }
interface Model {
  lines: Map<string, LineModel>;
  costShare: { status: 'DRAFT' | 'AGREED'; version: number; percents: number[] } | null;
  risks: Map<string, RiskModel>;
}
interface Real { t: TestHub }

const { partnership: p, financialYear: y, agencies } = SHARED;
const STATE = `query ($p: String!, $y: String!) {
  establishment(partnership: $p, financialYear: $y) { lines { id grade fte budget version } }
  costShare(partnership: $p, financialYear: $y) { status version shares { agencyCode percent } }
  fundingRisks(partnership: $p, financialYear: $y) { id title exposure version }
}`;

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

async function realState(real: Real): Promise<Model> {
  const result = await real.t.gql(STATE, { p, y });
  expect(result.errors).toBeUndefined();
  const { establishment, costShare, fundingRisks } = result.data!;
  return {
    lines: new Map(establishment.lines.map((l: LineModel & { id: string }) => [l.id, { grade: l.grade, fte: l.fte, budget: l.budget, version: l.version }])),
    costShare: costShare && { status: costShare.status, version: costShare.version, percents: costShare.shares.map((s: { percent: number }) => s.percent) },
    risks: new Map(fundingRisks.map((r: RiskModel & { id: string }) => [r.id, { title: r.title, exposure: r.exposure, version: r.version }])),
  };
}

const plain = (model: Model) => ({ lines: [...model.lines.entries()], costShare: model.costShare, risks: [...model.risks.entries()] });

/** Runs an operation; returns its data or its error code, and checks the hub still equals the model afterwards. */
async function call(real: Real, query: string, variables: Record<string, unknown>) {
  const result = await real.t.gql(query, variables);
  return result.errors ? { code: result.errors[0].extensions?.code as string, extensions: result.errors[0].extensions ?? {} } : { data: result.data! };
}

let checked = 0;
async function expectModel(model: Model, real: Real): Promise<void> {
  checked += 1;
  expect(plain(await realState(real))).toEqual(plain(model));
}

const key = (map: Map<string, unknown>, pick: number) => [...map.keys()][pick % map.size];
const staleOf = (version: number, stale: boolean) => (stale ? (version > 1 ? version - 1 : version + 1) : version);

const ADD_LINE = 'mutation ($p: String!, $y: String!, $line: EstablishmentLineInput!) { addEstablishmentLine(partnership: $p, financialYear: $y, line: $line) { id version } }';
const UPDATE_LINE = 'mutation ($id: ID!, $v: Int!, $line: EstablishmentLineInput!) { updateEstablishmentLine(id: $id, expectedVersion: $v, line: $line) { id version } }';
const REMOVE_LINE = 'mutation ($id: ID!, $v: Int!) { removeEstablishmentLine(id: $id, expectedVersion: $v) }';
const SAVE = 'mutation ($p: String!, $y: String!, $v: Int, $input: CostShareInput!) { saveCostShareDraft(partnership: $p, financialYear: $y, expectedVersion: $v, input: $input) { version } }';
const AGREE = 'mutation ($p: String!, $y: String!, $v: Int!) { agreeCostShare(partnership: $p, financialYear: $y, expectedVersion: $v) { version } }';
const REOPEN = 'mutation ($p: String!, $y: String!, $v: Int!) { reopenCostShare(partnership: $p, financialYear: $y, expectedVersion: $v) { version } }';
const ADD_RISK = 'mutation ($p: String!, $y: String!, $risk: FundingRiskInput!) { addFundingRisk(partnership: $p, financialYear: $y, risk: $risk) { id version } }';
const UPDATE_RISK = 'mutation ($id: ID!, $v: Int!, $risk: FundingRiskInput!) { updateFundingRisk(id: $id, expectedVersion: $v, risk: $risk) { id version } }';

interface LineFields { grade: string; fteHundredths: number; budgetPence: number | null; invalid: boolean }
const lineFields = fc.record({
  grade: fc.constantFrom('Constable', 'Sergeant', 'Offender manager', 'Analyst'),
  fteHundredths: fc.integer({ min: 0, max: 1_000 }),
  budgetPence: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
  invalid: fc.boolean(),
});
/** An invalid line has negative FTE: the hub must refuse it with BAD_USER_INPUT and change nothing. */
const lineInput = (f: LineFields) => ({ grade: f.grade, fte: f.invalid ? -1 : f.fteHundredths / 100, budget: f.budgetPence === null ? null : f.budgetPence / 100 });
const lineModel = (f: LineFields, version: number): LineModel => ({ grade: f.grade, fte: f.fteHundredths / 100, budget: f.budgetPence === null ? null : f.budgetPence / 100, version });

class AddLine implements fc.AsyncCommand<Model, Real> {
  constructor(readonly f: LineFields) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const result = await call(real, ADD_LINE, { p, y, line: lineInput(this.f) });
    if (this.f.invalid) expect(result.code).toBe('BAD_USER_INPUT');
    else model.lines.set(result.data!.addEstablishmentLine.id, lineModel(this.f, 1));
    await expectModel(model, real);
  }
  toString = () => `AddLine(${JSON.stringify(this.f)})`;
}

class UpdateLine implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number, readonly f: LineFields, readonly stale: boolean) {}
  check = (model: Readonly<Model>) => model.lines.size > 0;
  async run(model: Model, real: Real) {
    const id = key(model.lines, this.pick);
    const current = model.lines.get(id)!;
    const result = await call(real, UPDATE_LINE, { id, v: staleOf(current.version, this.stale), line: lineInput(this.f) });
    if (this.stale) expect(result).toMatchObject({ code: 'CONFLICT', extensions: { currentVersion: current.version } });
    else if (this.f.invalid) expect(result.code).toBe('BAD_USER_INPUT');
    else model.lines.set(id, lineModel(this.f, current.version + 1));
    await expectModel(model, real);
  }
  toString = () => `UpdateLine(${this.pick}, ${JSON.stringify(this.f)}, stale=${this.stale})`;
}

class RemoveLine implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number, readonly stale: boolean) {}
  check = (model: Readonly<Model>) => model.lines.size > 0;
  async run(model: Model, real: Real) {
    const id = key(model.lines, this.pick);
    const current = model.lines.get(id)!;
    const result = await call(real, REMOVE_LINE, { id, v: staleOf(current.version, this.stale) });
    if (this.stale) expect(result.code).toBe('CONFLICT');
    else model.lines.delete(id);
    await expectModel(model, real);
  }
  toString = () => `RemoveLine(${this.pick}, stale=${this.stale})`;
}

class SaveDraft implements fc.AsyncCommand<Model, Real> {
  /** `split` is the first two shares in hundredths; the third makes 100% unless `invalid`. */
  constructor(readonly split: [number, number], readonly stale: boolean, readonly invalid: boolean) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const [a, b] = [this.split[0], Math.min(this.split[1], 10_000 - this.split[0])];
    const hundredths = [a, b, 10_000 - a - b + (this.invalid ? 50 : 0)];
    const input = { basis: 'FIXED_PERCENTAGES', shares: agencies.map((agency, i) => ({ agency, percent: hundredths[i] / 100 })) };
    const current = model.costShare;
    const result = await call(real, SAVE, { p, y, v: current ? staleOf(current.version, this.stale) : null, input });
    if (current && this.stale) expect(result).toMatchObject({ code: 'CONFLICT', extensions: { currentVersion: current.version } });
    else if (current?.status === 'AGREED' || this.invalid) expect(result.code).toBe('BAD_USER_INPUT');
    else model.costShare = { status: 'DRAFT', version: (current?.version ?? 0) + 1, percents: hundredths.map((h) => h / 100) };
    await expectModel(model, real);
  }
  toString = () => `SaveDraft(${this.split}, stale=${this.stale}, invalid=${this.invalid})`;
}

class SetStatus implements fc.AsyncCommand<Model, Real> {
  constructor(readonly status: 'AGREED' | 'DRAFT', readonly stale: boolean) {}
  check = (model: Readonly<Model>) => model.costShare !== null;
  async run(model: Model, real: Real) {
    const current = model.costShare!;
    const result = await call(real, this.status === 'AGREED' ? AGREE : REOPEN, { p, y, v: staleOf(current.version, this.stale) });
    if (this.stale) expect(result).toMatchObject({ code: 'CONFLICT', extensions: { currentVersion: current.version } });
    else if (current.status === this.status) expect(result.code).toBe('BAD_USER_INPUT');
    else model.costShare = { ...current, status: this.status, version: current.version + 1 };
    await expectModel(model, real);
  }
  toString = () => `SetStatus(${this.status}, stale=${this.stale})`;
}

interface RiskFields { title: string; exposurePence: number | null; invalid: boolean }
const riskFields = fc.record({
  title: fc.constantFrom('Grant ends', 'Partner withdraws', 'Cohort grows'),
  exposurePence: fc.option(fc.integer({ min: 0, max: 50_000_000 }), { nil: null }),
  invalid: fc.boolean(),
});
/** An invalid risk has a blank title. */
const riskInput = (f: RiskFields) => ({ title: f.invalid ? '  ' : f.title, exposure: f.exposurePence === null ? null : f.exposurePence / 100, certainty: 'UNCERTAIN' });
const riskModel = (f: RiskFields, version: number): RiskModel => ({ title: f.title, exposure: f.exposurePence === null ? null : f.exposurePence / 100, version });

class AddRisk implements fc.AsyncCommand<Model, Real> {
  constructor(readonly f: RiskFields) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const result = await call(real, ADD_RISK, { p, y, risk: riskInput(this.f) });
    if (this.f.invalid) expect(result.code).toBe('BAD_USER_INPUT');
    else model.risks.set(result.data!.addFundingRisk.id, riskModel(this.f, 1));
    await expectModel(model, real);
  }
  toString = () => `AddRisk(${JSON.stringify(this.f)})`;
}

class UpdateRisk implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number, readonly f: RiskFields, readonly stale: boolean) {}
  check = (model: Readonly<Model>) => model.risks.size > 0;
  async run(model: Model, real: Real) {
    const id = key(model.risks, this.pick);
    const current = model.risks.get(id)!;
    const result = await call(real, UPDATE_RISK, { id, v: staleOf(current.version, this.stale), risk: riskInput(this.f) });
    if (this.stale) expect(result).toMatchObject({ code: 'CONFLICT', extensions: { currentVersion: current.version } });
    else if (this.f.invalid) expect(result.code).toBe('BAD_USER_INPUT');
    else model.risks.set(id, riskModel(this.f, current.version + 1));
    await expectModel(model, real);
  }
  toString = () => `UpdateRisk(${this.pick}, ${JSON.stringify(this.f)}, stale=${this.stale})`;
}

const percent = fc.integer({ min: 0, max: 10_000 });
const commands = [
  lineFields.map((f) => new AddLine(f)),
  fc.tuple(fc.nat(), lineFields, fc.boolean()).map(([pick, f, stale]) => new UpdateLine(pick, f, stale)),
  fc.tuple(fc.nat(), fc.boolean()).map(([pick, stale]) => new RemoveLine(pick, stale)),
  fc.tuple(percent, percent, fc.boolean(), fc.boolean()).map(([a, b, stale, invalid]) => new SaveDraft([a, b], stale, invalid)),
  fc.tuple(fc.constantFrom('AGREED' as const, 'DRAFT' as const), fc.boolean()).map(([status, stale]) => new SetStatus(status, stale)),
  riskFields.map((f) => new AddRisk(f)),
  fc.tuple(fc.nat(), riskFields, fc.boolean()).map(([pick, f, stale]) => new UpdateRisk(pick, f, stale)),
];

const RUNS = scaled(20);

describe('finance mutations through the API against an in-memory model', () => {
  it(`agree after every command, over ${RUNS} random sequences`, async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 60, size: 'large' }), async (sequence) => {
        const real: Real = { t };
        const model = await realState(real);
        await fc.asyncModelRun(() => ({ model, real }), sequence);
      }),
      { numRuns: RUNS },
    );
    console.log(`[reliability] model-based test: ${RUNS} random sequences, ${checked} commands, hub equal to the model after every one; ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 600_000);
});
