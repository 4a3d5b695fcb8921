import { requireText } from '../../errors/validate.js';
import { InputChecks } from '../../errors/problems.js';
import { checkOffence } from '../../cohort/lifecycle.js';
import { OffenceOutcome } from '../../cohort/cohort.entity.js';
import type { DbRow } from '../upsert.js';
import { type ImportKind, text, scopedKey, PARTNERSHIP, reference, NOMINAL_REF, single, COHORT_IMPORTERS } from './import-kind.js';
import { nominalIds, nominalOf } from './lookups.js';

interface OffenceLookups { nominals: Map<string, number>; categories: Map<string, number> }

export const offencesKind: ImportKind<OffenceLookups, DbRow> = {
  name: 'offences',
  summary: 'Proven offences of nominals: CrimSec3 code, offence date, outcome and its date.',
  entity: 'Offence',
  scoped: true,
  roles: COHORT_IMPORTERS,
  columns: [
    PARTNERSHIP,
    NOMINAL_REF,
    reference('Offence', ['Offence ref', 'Offence ID', 'Crime reference', 'Crime number']),
    { key: 'crimSec3Code', header: 'CrimSec3 code', aliases: ['CrimSec3', 'Home Office code', 'Offence code', 'HO code'], required: true, type: 'text', description: 'A code of the hub\'s CrimSec3 table, e.g. 28A.' },
    { key: 'offenceDate', header: 'Offence date', aliases: ['Date of offence', 'Committed on'], required: true, type: 'date', description: '' },
    { key: 'outcome', header: 'Outcome', aliases: ['Disposal', 'Disposal type'], required: true, type: 'enum', values: Object.values(OffenceOutcome), description: '' },
    { key: 'outcomeDate', header: 'Outcome date', aliases: ['Date of outcome', 'Disposal date', 'Conviction date'], required: true, type: 'date', description: 'On or after the offence date.' },
  ],
  async load(db, partnerships) {
    const categories: { id: number; code: string }[] = await db('crime_category').select('id', 'code');
    return { nominals: await nominalIds(db, partnerships), categories: new Map(categories.map((c) => [c.code, c.id])) };
  },
  check(v, ctx) {
    // Every problem of the row at once: the nominal, the reference and the offence's own checks.
    const checks = new InputChecks();
    const nominalId = checks.check(() => nominalOf(ctx, text(v, 'nominal')!));
    const reference = text(v, 'reference')!;
    if (reference.length > 60) checks.check(() => requireText('row.reference', reference, 60));
    const offence = checks.check(() => checkOffence('row', ctx.lookups.categories, {
      crimSec3Code: text(v, 'crimSec3Code')!, offenceDate: text(v, 'offenceDate')!, outcome: v.outcome as OffenceOutcome, outcomeDate: text(v, 'outcomeDate')!,
    }));
    checks.done();
    return { nominal_id: nominalId!, reference, category_id: offence!.category, offence_date: offence!.offenceDate, outcome: offence!.outcome, outcome_date: offence!.outcomeDate };
  },
  duplicateKey: (r, ctx) => ({ key: scopedKey(ctx, r.reference), column: 'reference', value: String(r.reference) }),
  ...single({ table: 'offence', key: ['nominal_id', 'reference'], versioned: true, values: ['category_id', 'offence_date', 'outcome', 'outcome_date'] }),
};
