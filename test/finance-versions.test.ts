import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dataOf, errorOf, startTestHub, type TestHub } from './support/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const NS = { p: 'norfolk-suffolk', y: '2014/15' };
const COST_SHARE = `query ($p: String!, $y: String!) { costShare(partnership: $p, financialYear: $y) {
  status version planVersion frozen agreedBy note total establishmentTotal unallocated variance shares { agencyCode percent contribution } } }`;
const VERSIONS = `query ($p: String!, $y: String!) { costShareVersions(partnership: $p, financialYear: $y) {
  version status current frozen basis total unallocated agreedAt agreedBy note shares { agency agencyCode percent contribution weight } } }`;
const ADD_LINE = 'mutation ($p: String!, $y: String!, $x: EstablishmentLineInput!) { addEstablishmentLine(partnership: $p, financialYear: $y, line: $x) { id version } }';
const AGREE = 'mutation ($p: String!, $y: String!, $v: Int!, $note: String) { agreeCostShare(partnership: $p, financialYear: $y, expectedVersion: $v, note: $note) { status version planVersion } }';
const REOPEN = 'mutation ($p: String!, $y: String!, $v: Int!) { reopenCostShare(partnership: $p, financialYear: $y, expectedVersion: $v) { status version planVersion } }';
const SAVE = 'mutation ($p: String!, $y: String!, $v: Int, $x: CostShareInput!) { saveCostShareDraft(partnership: $p, financialYear: $y, expectedVersion: $v, input: $x) { version } }';

const costShare = async (vars = NS) => dataOf(await t.gql(COST_SHARE, vars)).costShare;
const versions = async (vars = NS) => dataOf(await t.gql(VERSIONS, vars)).costShareVersions;

describe('an agreed cost share is frozen', () => {
  const agreedShares = [
    { agencyCode: 'norfolk-constabulary', percent: 56.5, contribution: 578_528.36 },
    { agencyCode: 'suffolk-constabulary', percent: 43.5, contribution: 445_415.64 },
  ];

  it('keeps Norfolk & Suffolk\'s agreed figures when the establishment grows, and shows the variance', async () => {
    expect(await costShare()).toMatchObject({ status: 'AGREED', planVersion: 1, frozen: true, agreedBy: 'the hub', total: 1_023_944, unallocated: 0, variance: null, shares: agreedShares });
    await t.gql(ADD_LINE, { ...NS, x: { grade: 'Analyst', fte: 0.2, budget: 6_407, employingAgency: 'suffolk-constabulary' } });
    expect(await costShare()).toMatchObject({
      status: 'AGREED', planVersion: 1, total: 1_023_944, establishmentTotal: 1_030_351, unallocated: 6_407,
      variance: 'agreed on £1,023,944.00; establishment now £1,030,351.00; £6,407.00 not allocated', shares: agreedShares,
    });
    const position = dataOf(await t.gql('{ fundingPosition(partnership: "norfolk-suffolk", financialYear: "2014/15") { plannedCost confirmed gap } }')).fundingPosition;
    // The agreed contributions and the £10k fuel contribution are confirmed; the £6,407 is not allocated to anyone (the £13k drug-testing income is expected).
    expect(position).toEqual({ plannedCost: 1_030_351, confirmed: 1_033_944, gap: 1_030_351 - 1_033_944 - 13_000 });
  });

  it('reopens as the next version, a draft on the establishment now, and agrees it as version 2 with who and the minute', async () => {
    const finance = await t.token('FINANCE', ['norfolk-suffolk']);
    const { accessTokens } = dataOf(await t.gql('{ accessTokens { id label } }'));
    const label = accessTokens.find((token: { id: string }) => Number(token.id) === finance.id).label;
    const reopened = dataOf(await t.gql(REOPEN, { ...NS, v: (await costShare()).version }, finance.caller)).reopenCostShare;
    expect(reopened).toMatchObject({ status: 'DRAFT', planVersion: 2 });
    // 56.5% and 43.5% of £1,030,351: £582,148.315 and £448,202.685. Both leave half a penny; the leftover penny goes to the larger share.
    expect((await costShare()).shares).toEqual([
      { agencyCode: 'norfolk-constabulary', percent: 56.5, contribution: 582_148.32 },
      { agencyCode: 'suffolk-constabulary', percent: 43.5, contribution: 448_202.68 },
    ]);
    expect((await versions()).map((v: any) => [v.version, v.status, v.current, v.frozen, v.total])).toEqual([
      [1, 'AGREED', false, true, 1_023_944],
      [2, 'DRAFT', true, false, 1_030_351],
    ]);
    const agreed = dataOf(await t.gql(AGREE, { ...NS, v: reopened.version, note: 'JIOM Governance Board, 12 March 2015, minute 4' }, finance.caller)).agreeCostShare;
    expect(agreed).toMatchObject({ status: 'AGREED', planVersion: 2 });
    const listed = await versions();
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({ version: 1, status: 'AGREED', current: false, agreedBy: 'the hub', note: null, total: 1_023_944 });
    expect(listed[0].shares.map((s: any) => s.contribution)).toEqual([578_528.36, 445_415.64]);
    expect(listed[1]).toMatchObject({ version: 2, status: 'AGREED', current: true, frozen: true, agreedBy: label, note: 'JIOM Governance Board, 12 March 2015, minute 4', total: 1_030_351 });
    expect(new Date(listed[1].agreedAt).getTime()).toBeGreaterThan(new Date(listed[0].agreedAt).getTime());
    expect(await costShare()).toMatchObject({ planVersion: 2, agreedBy: label, unallocated: 0, variance: null });
  });

  it('gives each agency\'s old and new percentage and contribution between versions', async () => {
    const diff = dataOf(await t.gql(`{ costShareDiff(partnership: "norfolk-suffolk", financialYear: "2014/15", from: 1) {
      from to fromStatus toStatus totalFrom totalTo totalChange changed shares { agencyCode percentFrom percentTo percentChange contributionFrom contributionTo contributionChange } } }`)).costShareDiff;
    expect(diff).toMatchObject({ from: 1, to: 2, fromStatus: 'AGREED', toStatus: 'AGREED', totalFrom: 1_023_944, totalTo: 1_030_351, totalChange: 6_407, changed: 2 });
    expect(diff.shares).toEqual([
      { agencyCode: 'norfolk-constabulary', percentFrom: 56.5, percentTo: 56.5, percentChange: 0, contributionFrom: 578_528.36, contributionTo: 582_148.32, contributionChange: 3_619.96 },
      { agencyCode: 'suffolk-constabulary', percentFrom: 43.5, percentTo: 43.5, percentChange: 0, contributionFrom: 445_415.64, contributionTo: 448_202.68, contributionChange: 2_787.04 },
    ]);
    expect(errorOf(await t.gql('{ costShareDiff(partnership: "norfolk-suffolk", financialYear: "2014/15", from: 1, to: 7) { to } }'))).toMatchObject({
      code: 'BAD_USER_INPUT', message: 'to: there is no version 7 (there are versions 1 to 2).',
    });
  });

  it('previews a draft against the agreed version without saving it, money as well as percentages', async () => {
    const before = await versions();
    const preview = dataOf(await t.gql(`query ($x: CostShareInput!) { previewCostShareDraft(partnership: "norfolk-suffolk", financialYear: "2014/15", input: $x) {
      from to toStatus changed shares { agencyCode percentFrom percentTo contributionFrom contributionTo contributionChange } } }`, {
      x: { basis: 'FIXED_PERCENTAGES', shares: [{ agency: 'norfolk-constabulary', percent: 60 }, { agency: 'suffolk-constabulary', percent: 40 }] },
    })).previewCostShareDraft;
    expect(preview).toMatchObject({ from: 2, to: 3, toStatus: 'DRAFT', changed: 2 });
    expect(preview.shares[0]).toEqual({ agencyCode: 'norfolk-constabulary', percentFrom: 56.5, percentTo: 60, contributionFrom: 582_148.32, contributionTo: 618_210.6, contributionChange: 36_062.28 });
    expect(await versions()).toEqual(before);
  });

  it('refuses what the status does not allow, naming the status, and the database refuses to change an agreed version', async () => {
    const { version } = await costShare();
    const save = errorOf(await t.gql(SAVE, { ...NS, v: version, x: { basis: 'FIXED_PERCENTAGES', shares: [{ agency: 'norfolk-constabulary', percent: 100 }] } }));
    expect(save).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { status: 'AGREED', planVersion: 2 } });
    expect(save.message).toMatch(/^The 2014\/15 cost share for Norfolk & Suffolk 180 Joint IOM is agreed \(version 2, agreed on \d{4}-\d\d-\d\d by .+\); reopen it \(reopenCostShare\) before changing it\.$/);
    expect(save.message).not.toMatch(/expectedVersion/);
    expect(errorOf(await t.gql(AGREE, { ...NS, v: version })).message).toMatch(/is agreed \(version 2, .*\); its figures are frozen; reopen it to agree a new version\.$/);
    const connection = t.orm.em.getConnection();
    await expect(connection.execute('update cost_share_version set total_pence = 1')).rejects.toThrow(/an agreed cost-share version cannot be changed/);
  });

  it('says so when a share by FTE hosted has no employing agency to go on', async () => {
    const x = { basis: 'PRO_RATA_FTE_HOSTED', shares: [{ agency: 'norfolk-constabulary' }, { agency: 'suffolk-constabulary' }] };
    const none = errorOf(await t.gql(SAVE, { p: 'norfolk-suffolk', y: '2015/16', x }));
    expect(none).toMatchObject({ code: 'BAD_USER_INPUT', message: 'input.basis: the 2015/16 establishment has no lines yet, so there is no FTE hosted to share by; add the lines first, or choose another basis.' });
    await t.gql(ADD_LINE, { p: 'norfolk-suffolk', y: '2015/16', x: { grade: 'Constable', fte: 16, budget: 700_000 } });
    expect(errorOf(await t.gql(SAVE, { p: 'norfolk-suffolk', y: '2015/16', x })).message).toBe(
      'input.basis: none of the 2015/16 establishment\'s 1 lines names an employing agency, so there is no FTE hosted to share by; give each line its employingAgency, or choose another basis.',
    );
    await t.gql(ADD_LINE, { p: 'norfolk-suffolk', y: '2015/16', x: { grade: 'Pathways manager', fte: 1, budget: 40_000, employingAgency: 'norfolk-county-council' } });
    expect(errorOf(await t.gql(SAVE, { p: 'norfolk-suffolk', y: '2015/16', x })).message).toBe(
      'input.basis: norfolk-constabulary, suffolk-constabulary employ none of the 2015/16 establishment\'s FTE (its lines name norfolk-county-council as employers); share between the employing agencies, or choose another basis.',
    );
  });
});

describe('agreed versions under random edits (property)', () => {
  type Command =
    | { kind: 'add'; fte: number; budget: number; agency: number }
    | { kind: 'update'; pick: number; budget: number }
    | { kind: 'remove'; pick: number }
    | { kind: 'save'; split: number }
    | { kind: 'reopen' }
    | { kind: 'agree' };
  const AGENCIES = ['met-police', 'london-crc'];
  const command: fc.Arbitrary<Command> = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), fte: fc.integer({ min: 0, max: 500 }), budget: fc.integer({ min: 0, max: 9_999_999 }), agency: fc.integer({ min: 0, max: 1 }) }),
    fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), budget: fc.integer({ min: 0, max: 9_999_999 }) }),
    fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('save' as const), split: fc.integer({ min: 0, max: 10_000 }) }),
    fc.constant({ kind: 'reopen' as const }),
    fc.constant({ kind: 'agree' as const }),
  );
  let year = 2039;

  it('never changes an agreed version\'s figures, and a new version appears only through reopen and agree', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 3, maxLength: 9 }), async (commands) => {
        const label = `${++year}/${String((year + 1) % 100).padStart(2, '0')}`;
        const vars = { p: 'barnet', y: label };
        dataOf(await t.gql('mutation ($l: String!) { openFinancialYear(label: $l) { label } }', { l: label }));
        const lines: { id: string; version: number }[] = [];
        for (const [i, agency] of AGENCIES.entries()) lines.push(dataOf(await t.gql(ADD_LINE, { ...vars, x: { grade: `Post ${i}`, fte: 2, budget: 80_000, employingAgency: agency } })).addEstablishmentLine);
        const draft = dataOf(await t.gql(SAVE, { ...vars, x: { basis: 'PRO_RATA_FTE_HOSTED', shares: AGENCIES.map((agency) => ({ agency })) } })).saveCostShareDraft;
        dataOf(await t.gql(AGREE, { ...vars, v: draft.version }));
        const frozen = new Map<number, string>();
        let listed = await versions(vars);
        for (const version of listed) frozen.set(version.version, JSON.stringify(version));

        for (const c of commands) {
          const current = await costShare(vars);
          let expectVersions = listed.length;
          let expectAgreed = listed.filter((v: any) => v.status === 'AGREED').length;
          if (c.kind === 'add') {
            lines.push(dataOf(await t.gql(ADD_LINE, { ...vars, x: { grade: 'Random post', fte: c.fte / 100, budget: c.budget / 100, employingAgency: AGENCIES[c.agency] } })).addEstablishmentLine);
          } else if ((c.kind === 'update' || c.kind === 'remove') && lines.length > 0) {
            const line = lines[c.pick % lines.length];
            if (c.kind === 'update') {
              line.version = dataOf(await t.gql('mutation ($id: ID!, $v: Int!, $x: EstablishmentLineInput!) { updateEstablishmentLine(id: $id, expectedVersion: $v, line: $x) { version } }', { id: line.id, v: line.version, x: { budget: c.budget / 100 } })).updateEstablishmentLine.version;
            } else {
              dataOf(await t.gql('mutation ($id: ID!, $v: Int!) { removeEstablishmentLine(id: $id, expectedVersion: $v) }', { id: line.id, v: line.version }));
              lines.splice(lines.indexOf(line), 1);
            }
          } else if (c.kind === 'save') {
            const result = await t.gql(SAVE, { ...vars, v: current.version, x: { basis: 'FIXED_PERCENTAGES', shares: [{ agency: AGENCIES[0], percent: c.split / 100 }, { agency: AGENCIES[1], percent: (10_000 - c.split) / 100 }] } });
            if (current.status === 'AGREED') expect(errorOf(result).extensions.status).toBe('AGREED');
            else dataOf(result);
          } else if (c.kind === 'reopen') {
            const result = await t.gql(REOPEN, { ...vars, v: current.version });
            if (current.status === 'AGREED') {
              dataOf(result);
              expectVersions += 1;
            } else expect(errorOf(result).extensions.status).toBe('DRAFT');
          } else if (c.kind === 'agree') {
            const result = await t.gql(AGREE, { ...vars, v: current.version });
            if (current.status === 'DRAFT' && !result.errors) expectAgreed += 1;
            else if (current.status === 'AGREED') expect(errorOf(result).extensions.status).toBe('AGREED');
            // A draft by FTE hosted whose lines were all removed cannot be agreed: the refusal says why.
            else expect(errorOf(result).code).toBe('BAD_USER_INPUT');
          }
          listed = await versions(vars);
          expect(listed).toHaveLength(expectVersions);
          expect(listed.filter((v: any) => v.status === 'AGREED')).toHaveLength(expectAgreed);
          // What was agreed (not `current`, nor `unallocated`, which measures it against the establishment now) never changes.
          const agreedFigures = ({ current: _c, unallocated: _u, ...figures }: any) => figures;
          for (const version of listed.filter((v: any) => v.status === 'AGREED')) {
            const seen = frozen.get(version.version);
            if (seen) expect(agreedFigures(version)).toEqual(agreedFigures(JSON.parse(seen)));
            frozen.set(version.version, JSON.stringify(version));
          }
          // Every version's contributions add up to its total to the penny (a draft whose FTE-hosted weights are all gone allocates nothing, and says so).
          for (const version of listed) {
            const allocated = version.shares.reduce((sum: number, s: any) => sum + Math.round(s.contribution * 100), 0);
            expect(allocated + (version.status === 'DRAFT' ? Math.round(version.unallocated * 100) : 0)).toBe(Math.round(version.total * 100));
          }
        }
      }),
      { numRuns: 8 },
    );
  }, 120_000);
});
