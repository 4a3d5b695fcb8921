import type { Knex } from 'knex';
import { badInput } from '../../errors/domain-error.js';
import { InputChecks } from '../../errors/problems.js';
import { optionalText } from '../../errors/validate.js';
import { CostShareBasis } from '../../finance/cost-share/cost-share-agreement.entity.js';
import { validateShares } from '../../finance/cost-share/cost-share.js';
import { shareWeight } from '../../finance/cost-share/cost-share.service.js';
import { financialYearFrom } from '../../financial-year/lookup.js';
import type { FinancialYear } from '../../financial-year/financial-year.entity.js';
import { upsertBatch, type DbRow, type RowStatus, type TableSpec } from '../upsert.js';
import { type ImportKind, text, num, sep, PARTNERSHIP, source, YEAR, FINANCE_IMPORTERS } from './import-kind.js';
import { codeMap, financialYears, partnershipRows } from './lookups.js';

/** One year's shares in the file: every row of it, so the shares can be checked together. */
interface Group {
  label: string;
  basis: CostShareBasis | null;
  notes: string | null;
  source: string | null;
  rows: { row: number; agency: string; agencyId: number; weight: number }[];
  /** A row of the year had a problem of its own: the year's total is not checked until it is fixed. */
  incomplete: boolean;
  firstRow: number;
}

interface CostShareLookups {
  years: Map<string, FinancialYear>;
  agencies: Map<string, number>;
  agreements: Map<string, { status: string; planVersion: number }>;
  /** `partnership, year, agency id` → FTE (hundredths) the agency employs in the year's establishment. */
  fteHosted: Map<string, number>;
  groups: Map<string, Group>;
}

interface CostShareRecord { agreement: DbRow; entry: DbRow; group: Group }

const AGREEMENT_TABLE: TableSpec = { table: 'cost_share_agreement', key: ['partnership_id', 'year_label'], versioned: true, values: ['basis', 'status', 'notes', 'source'] };
const ENTRY_TABLE: TableSpec = { table: 'cost_share_entry', key: ['agreement_id', 'agency_id'], versioned: false, values: ['weight', 'position'] };

/**
 * A year's cost share as a file of shares, one row per agency: the file replaces the year's draft
 * shares (agencies it leaves out are taken off), as saveCostShareDraft does. An agreed year is
 * frozen: its rows are refused until the plan is reopened.
 */
export const costSharesKind: ImportKind<CostShareLookups, CostShareRecord> = {
  name: 'cost-shares',
  summary: 'A year\'s draft cost share: the basis and each agency\'s percent or weight, one row per agency (the file replaces the year\'s shares; agreed years are refused).',
  entity: 'CostShareAgreement',
  scoped: true,
  roles: FINANCE_IMPORTERS,
  columns: [
    PARTNERSHIP,
    YEAR,
    { key: 'basis', header: 'Basis', aliases: ['Sharing basis', 'Cost share basis'], required: true, type: 'enum', values: Object.values(CostShareBasis), description: 'The same on every row of the year.' },
    { key: 'agency', header: 'Agency', aliases: ['Agency code', 'Partner'], required: true, type: 'text', description: "Code of one of the partnership's agencies; once per year." },
    { key: 'percent', header: 'Percent', aliases: ['Share %', '%', 'Percentage'], required: false, type: 'number', description: 'FIXED_PERCENTAGES: the agency\'s share (56.5 means 56.5%); the year\'s shares make 100%.' },
    { key: 'weight', header: 'Weight', aliases: ['Cohort', 'Population'], required: false, type: 'integer', description: 'PRO_RATA_COHORT or PRO_RATA_POPULATION: the agency\'s cohort or population. Neither for PRO_RATA_FTE_HOSTED.' },
    { key: 'notes', header: 'Notes', aliases: ['Note'], required: false, type: 'text', description: 'For the year\'s plan: the same on every row of the year, or blank.' },
    { ...source(), description: 'For the year\'s plan: the same on every row of the year, or blank.' },
  ],
  async load(db, partnerships) {
    const agreements = await partnershipRows<{ partnership_id: number; year_label: string; status: string; plan_version: number }>(db, 'cost_share_agreement', ['partnership_id', 'year_label', 'status', 'plan_version'], partnerships);
    const lines = await partnershipRows<{ partnership_id: number; year_label: string; employing_agency_id: number | null; fte_hundredths: number }>(
      db, 'establishment_line', ['partnership_id', 'year_label', 'employing_agency_id', 'fte_hundredths'], partnerships,
    );
    const fteHosted = new Map<string, number>();
    for (const line of lines) {
      if (line.employing_agency_id === null) continue;
      const key = [line.partnership_id, line.year_label, line.employing_agency_id].join(sep);
      fteHosted.set(key, (fteHosted.get(key) ?? 0) + line.fte_hundredths);
    }
    return {
      years: await financialYears(db), agencies: await codeMap(db, 'agency', 'code', partnerships),
      agreements: new Map(agreements.map((a) => [`${a.partnership_id}${sep}${a.year_label}`, { status: a.status, planVersion: a.plan_version }])),
      fteHosted, groups: new Map(),
    };
  },
  check(v, ctx) {
    const p = ctx.partnership!;
    const { lookups } = ctx;
    const checks = new InputChecks();
    const year = checks.check(() => financialYearFrom('row.financialYear', text(v, 'financialYear')!, lookups.years));
    const label = year?.label ?? String(v.financialYear);
    const groupKey = `${p.id}${sep}${label}`;
    let group = lookups.groups.get(groupKey);
    if (!group) lookups.groups.set(groupKey, (group = { label, basis: null, notes: null, source: null, rows: [], incomplete: false, firstRow: ctx.row }));
    const basis = v.basis as CostShareBasis;
    const agency = text(v, 'agency')!;
    const agencyId = lookups.agencies.get(`${p.id}${sep}${agency}`);
    if (agencyId === undefined) checks.add(badInput('row.agency', `${p.name} has no agency "${agency}".`));
    const weight = checks.check(() => shareWeight('row', basis, { percent: num(v, 'percent'), weight: num(v, 'weight') }));
    const agreement = year ? lookups.agreements.get(groupKey) : undefined;
    if (agreement?.status === 'AGREED')
      checks.add(badInput('row.financialYear', `the ${label} cost share for ${p.name} is agreed (version ${agreement.planVersion}): its figures are frozen; reopen it (reopenCostShare) before importing its shares.`));
    // The plan's own fields are the year's: every row of the year says the same (or nothing).
    if (group.basis === null) group.basis = basis;
    else if (group.basis !== basis) checks.add(badInput('row.basis', `${basis} differs from ${group.basis} on row ${group.firstRow}: a year's cost share has one basis.`));
    for (const key of ['notes', 'source'] as const) {
      const value = checks.check(() => optionalText(`row.${key}`, text(v, key))) ?? null;
      if (value === null) continue;
      if (group[key] === null) group[key] = value;
      else if (group[key] !== value) checks.add(badInput(`row.${key}`, `differs from the ${key} given earlier for ${label}: a year's plan has one.`));
    }
    // An agency given twice is reported as a duplicate row; the year's total waits until it is fixed.
    if (!checks.ok || group.rows.some((r) => r.agencyId === agencyId)) group.incomplete = true;
    checks.done();
    group.rows.push({ row: ctx.row, agency, agencyId: agencyId!, weight: weight! });
    return {
      agreement: { partnership_id: p.id, year_label: label, basis, status: 'DRAFT', notes: group.notes, source: group.source },
      entry: { agency_id: agencyId!, weight: weight!, position: group.rows.length - 1 },
      group,
    };
  },
  checkRows(lookups) {
    // The year's shares together, as saveCostShareDraft checks them: they make 100%, or have a weight to share by.
    const problems: { row: number; error: unknown }[] = [];
    for (const [key, group] of lookups.groups) {
      if (group.incomplete || !group.basis || !group.rows.length) continue;
      const partnershipId = key.split(sep)[0];
      const weights = group.rows.map((r) => ({
        agency: r.agency, weight: group.basis === 'PRO_RATA_FTE_HOSTED' ? (lookups.fteHosted.get([partnershipId, group.label, r.agencyId].join(sep)) ?? 0) : r.weight,
      }));
      try {
        if (group.basis === 'PRO_RATA_FTE_HOSTED' && weights.every((w) => w.weight === 0))
          throw badInput('row.basis', `${weights.map((w) => w.agency).join(', ')} employ none of the ${group.label} establishment's FTE; give the lines their employing agency, or choose another basis.`);
        validateShares('row.percent', group.basis, weights);
      } catch (error) {
        problems.push({ row: group.rows[group.rows.length - 1].row, error });
      }
    }
    return problems;
  },
  duplicateKey: (r, _ctx, v) => ({ key: [r.agreement.partnership_id, r.agreement.year_label, r.entry.agency_id].join(sep), column: 'agency', value: `${v.agency} for ${r.agreement.year_label}` }),
  tables: [AGREEMENT_TABLE, ENTRY_TABLE],
  async write(db: Knex, records, write, fresh) {
    // The year's plan once per batch (the file's last word on its notes and source), then each share.
    const plans = new Map<string, DbRow>();
    for (const r of records) plans.set(`${r.agreement.partnership_id}${sep}${r.agreement.year_label}`, { ...r.agreement, notes: r.group.notes, source: r.group.source });
    const planStatuses = new Map([...plans.keys()].map((key, i) => [key, i]));
    const statusesOfPlans = await upsertBatch(db, AGREEMENT_TABLE, [...plans.values()], write, fresh.has(AGREEMENT_TABLE.table));
    const ids = new Map<string, number>();
    for (const plan of plans.values()) {
      const row = await db('cost_share_agreement').select('id').where({ partnership_id: plan.partnership_id, year_label: plan.year_label }).first();
      if (row) ids.set(`${plan.partnership_id}${sep}${plan.year_label}`, row.id as number);
    }
    const entries: DbRow[] = [];
    const positions: number[] = [];
    const statuses: RowStatus[] = records.map(() => 'inserted');
    records.forEach((r, i) => {
      const id = ids.get(`${r.agreement.partnership_id}${sep}${r.agreement.year_label}`);
      if (id === undefined) return; // a new plan in a dry run: its shares are new with it
      entries.push({ agreement_id: id, ...r.entry });
      positions.push(i);
    });
    const entryStatuses = await upsertBatch(db, ENTRY_TABLE, entries, write, fresh.has(ENTRY_TABLE.table));
    entryStatuses.forEach((status, j) => (statuses[positions[j]] = status));
    // Shares of agencies the file leaves out are taken off the draft (the file is the year's shares).
    for (const [key, id] of ids) {
      const group = records.find((r) => `${r.agreement.partnership_id}${sep}${r.agreement.year_label}` === key)!.group;
      const stale = db('cost_share_entry').where('agreement_id', id).whereNotIn('agency_id', group.rows.map((r) => r.agencyId));
      const removed = write ? Number(await stale.delete()) : (await stale.select('id')).length;
      const mine = records.map((r, i) => [r, i] as const).filter(([r]) => `${r.agreement.partnership_id}${sep}${r.agreement.year_label}` === key);
      const sharesChanged = removed > 0 || mine.some(([, i]) => statuses[i] !== 'unchanged');
      // New shares are a new draft: its version moves on, so an edit made from the old one is refused as stale.
      if (write && sharesChanged && statusesOfPlans[planStatuses.get(key)!] === 'unchanged')
        await db('cost_share_agreement').where('id', id).update({ version: db.raw('?? + 1', ['version']), updated_at: new Date() });
      if (sharesChanged || statusesOfPlans[planStatuses.get(key)!] !== 'unchanged') for (const [, i] of mine) if (statuses[i] === 'unchanged') statuses[i] = 'updated';
    }
    return statuses;
  },
};
