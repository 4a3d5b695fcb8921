import { badInput } from '../../errors/domain-error.js';
import { requireText } from '../../errors/validate.js';
import { InputChecks } from '../../errors/problems.js';
import { checkDeselection, checkMembershipStart, type Spell } from '../../cohort/lifecycle.js';
import { plainNominalFields } from '../../cohort/cohort.service.js';
import { DeselectionReason, Gender, Pathway, StatutoryStatus } from '../../cohort/cohort.entity.js';
import { upsertBatch, type DbRow, type TableSpec } from '../upsert.js';
import { type ImportKind, text, sep, scopedKey, PARTNERSHIP, COHORT_IMPORTERS } from './import-kind.js';
import { nominalIds, spellsByNominal, codeMap } from './lookups.js';

interface NominalLookups { hubs: Map<string, number>; nominals: Map<string, number>; spells: Map<number, (Spell & { id: number })[]> }
interface NominalRecord { nominal: DbRow; membership: DbRow | null }

const NOMINAL_TABLE: TableSpec = {
  table: 'nominal', key: ['partnership_id', 'reference'], versioned: true,
  values: ['gender', 'age_band', 'ethnicity', 'local_authority', 'hub_id', 'statutory_status', 'needs', 'domestic_abuse_perpetrator', 'registered_sex_offender'],
};
const MEMBERSHIP_TABLE: TableSpec = { table: 'membership', key: ['nominal_id', 'start_date'], versioned: true, values: ['end_date', 'deselection_reason', 'deselection_note'] };

export const nominalsKind: ImportKind<NominalLookups, NominalRecord> = {
  name: 'nominals',
  summary: 'Nominals (pseudonymous references and profile), each with its current membership.',
  entity: 'Nominal',
  scoped: true,
  roles: COHORT_IMPORTERS,
  columns: [
    PARTNERSHIP,
    { key: 'reference', header: 'Reference', aliases: ['Nominal reference', 'Nominal', 'Nominal ID', 'IOM reference'], required: true, type: 'text', description: 'Pseudonymous reference, unique in the partnership, e.g. THU-0001.' },
    { key: 'gender', header: 'Gender', aliases: ['Sex'], required: true, type: 'enum', values: Object.values(Gender), description: '' },
    { key: 'ageBand', header: 'Age band', aliases: ['Age group'], required: true, type: 'text', description: 'e.g. 18-24.' },
    { key: 'ethnicity', header: 'Ethnicity', required: true, type: 'text', description: 'As recorded, e.g. White.' },
    { key: 'localAuthority', header: 'Local authority', aliases: ['LA'], required: false, type: 'text', description: '' },
    { key: 'hub', header: 'Hub', aliases: ['Area', 'Office'], required: false, type: 'text', description: "Name of one of the partnership's hubs." },
    { key: 'statutoryStatus', header: 'Statutory status', aliases: ['Status', 'Supervision'], required: true, type: 'enum', values: Object.values(StatutoryStatus), description: '' },
    { key: 'needs', header: 'Needs', aliases: ['Pathways'], required: false, type: 'list', values: Object.values(Pathway), description: 'Separated by ; or ,.' },
    { key: 'domesticAbusePerpetrator', header: 'Domestic abuse perpetrator', aliases: ['DA perpetrator'], required: false, type: 'boolean', description: 'Default no.' },
    { key: 'registeredSexOffender', header: 'Registered sex offender', aliases: ['RSO'], required: false, type: 'boolean', description: 'Default no.' },
    { key: 'agreementSignedDate', header: 'Start date', aliases: ['Agreement signed date', 'Membership start', 'Date joined'], required: false, type: 'date', description: 'First day on the scheme; blank for a nominal not (yet) on it.' },
    { key: 'endDate', header: 'End date', aliases: ['De-selection date', 'Date left'], required: false, type: 'date', description: 'First day off the scheme.' },
    { key: 'reason', header: 'De-selection reason', aliases: ['Deselection reason', 'Reason for leaving'], required: false, type: 'enum', values: Object.values(DeselectionReason), description: 'Required with an end date.' },
    { key: 'note', header: 'De-selection note', aliases: ['Deselection note'], required: false, type: 'text', description: 'Required when the reason is OTHER.' },
  ],
  async load(db, partnerships) {
    return { hubs: await codeMap(db, 'hub', 'name', partnerships), nominals: await nominalIds(db, partnerships), spells: await spellsByNominal(db, partnerships) };
  },
  check(v, ctx) {
    // Every problem of the row at once: the reference, the profile's rules, the hub, the membership's dates.
    const p = ctx.partnership!;
    const checks = new InputChecks();
    const reference = checks.check(() => requireText('row.reference', text(v, 'reference') ?? '', 60));
    const fields = checks.check(() => plainNominalFields(
      {
        reference: reference ?? '', gender: v.gender as Gender, ageBand: text(v, 'ageBand') ?? '', ethnicity: text(v, 'ethnicity') ?? '', localAuthority: text(v, 'localAuthority'),
        statutoryStatus: v.statutoryStatus as StatutoryStatus, needs: v.needs as Pathway[], domesticAbusePerpetrator: v.domesticAbusePerpetrator as boolean | null,
        registeredSexOffender: v.registeredSexOffender as boolean | null,
      },
      'row',
    ));
    let hubId: number | null = null;
    const hub = text(v, 'hub');
    if (hub) {
      hubId = ctx.lookups.hubs.get(`${p.id}${sep}${hub}`) ?? null;
      if (hubId === null) checks.add(badInput('row.hub', `${p.name} has no hub "${hub}".`));
    }
    const start = text(v, 'agreementSignedDate');
    let membership: DbRow | null = null;
    if (!start) {
      if (text(v, 'endDate') || v.reason) checks.add(badInput('row.agreementSignedDate', 'an end date or de-selection reason needs the start date of the membership.'));
    } else {
      const id = reference ? ctx.lookups.nominals.get(`${p.id}${sep}${reference}`) : undefined;
      const earlier = (id === undefined ? [] : ctx.lookups.spells.get(id) ?? []).filter((spell) => spell.startDate !== start);
      const startDate = checks.check(() => checkMembershipStart('row', reference ?? '', start, null, earlier));
      membership = { start_date: startDate, end_date: null, deselection_reason: null, deselection_note: null };
      if (startDate && (text(v, 'endDate') || v.reason)) {
        const ending = checks.check(() => checkDeselection('row', { startDate }, null, { endDate: text(v, 'endDate') ?? '', reason: v.reason as DeselectionReason | null, note: text(v, 'note') }));
        if (ending) Object.assign(membership, { end_date: ending.endDate, deselection_reason: ending.deselectionReason, deselection_note: ending.deselectionNote });
      }
    }
    checks.done();
    const nominal: DbRow = {
      partnership_id: p.id, reference, gender: fields!.gender, age_band: fields!.ageBand, ethnicity: fields!.ethnicity, local_authority: fields!.localAuthority, hub_id: hubId,
      statutory_status: fields!.statutoryStatus, needs: JSON.stringify(fields!.needs), domestic_abuse_perpetrator: fields!.domesticAbusePerpetrator, registered_sex_offender: fields!.registeredSexOffender,
    };
    return { nominal, membership };
  },
  duplicateKey: (r, ctx) => ({ key: scopedKey(ctx, r.nominal.reference), column: 'reference', value: String(r.nominal.reference) }),
  tables: [NOMINAL_TABLE, MEMBERSHIP_TABLE],
  async write(db, records, write, fresh) {
    const statuses = await upsertBatch(db, NOMINAL_TABLE, records.map((r) => r.nominal), write, fresh.has(NOMINAL_TABLE.table));
    const withSpell = records.map((r, i) => [r, i] as const).filter(([r]) => r.membership);
    if (!withSpell.length) return statuses;
    const ids = new Map<string, number>();
    const rows: { id: number; partnership_id: number; reference: string }[] = await db('nominal')
      .select('id', 'partnership_id', 'reference')
      .whereIn('partnership_id', [...new Set(withSpell.map(([r]) => r.nominal.partnership_id as number))])
      .whereIn('reference', withSpell.map(([r]) => r.nominal.reference as string));
    for (const row of rows) ids.set(`${row.partnership_id}${sep}${row.reference}`, row.id);
    const spells: DbRow[] = [];
    const positions: number[] = [];
    for (const [r, i] of withSpell) {
      const id = ids.get(`${r.nominal.partnership_id}${sep}${r.nominal.reference}`);
      if (id === undefined) continue; // a new nominal in a dry run: its membership is new with it
      spells.push({ nominal_id: id, ...r.membership });
      positions.push(i);
    }
    const spellStatuses = await upsertBatch(db, MEMBERSHIP_TABLE, spells, write, fresh.has(MEMBERSHIP_TABLE.table));
    spellStatuses.forEach((status, j) => {
      if (status !== 'unchanged' && statuses[positions[j]] === 'unchanged') statuses[positions[j]] = 'updated';
    });
    return statuses;
  },
};
