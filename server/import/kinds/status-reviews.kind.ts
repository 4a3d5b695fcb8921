import { badInput } from '../../errors/domain-error.js';
import { requireText } from '../../errors/validate.js';
import { InputChecks } from '../../errors/problems.js';
import { checkReview, type Spell } from '../../cohort/lifecycle.js';
import { RagStatus } from '../../cohort/cohort.entity.js';
import type { DbRow } from '../upsert.js';
import { type ImportKind, text, scopedKey, PARTNERSHIP, reference, NOMINAL_REF, single, COHORT_IMPORTERS } from './import-kind.js';
import { nominalIds, spellsByNominal, nominalOf } from './lookups.js';

interface ReviewLookups { nominals: Map<string, number>; spells: Map<number, (Spell & { id: number })[]> }

export const statusReviewsKind: ImportKind<ReviewLookups, DbRow> = {
  name: 'status-reviews',
  summary: 'RAG status reviews of members, each filed under the membership that covers its date.',
  entity: 'StatusReview',
  scoped: true,
  roles: COHORT_IMPORTERS,
  columns: [
    PARTNERSHIP,
    NOMINAL_REF,
    reference('Review', ['Review ref', 'Review ID']),
    { key: 'reviewDate', header: 'Review date', aliases: ['Date of review', 'Date'], required: true, type: 'date', description: 'Within one of the nominal\'s memberships.' },
    { key: 'status', header: 'Status', aliases: ['RAG', 'RAG status'], required: true, type: 'enum', values: Object.values(RagStatus), description: '' },
    { key: 'note', header: 'Note', aliases: ['Notes', 'Comment'], required: false, type: 'text', description: '' },
  ],
  async load(db, partnerships) {
    return { nominals: await nominalIds(db, partnerships), spells: await spellsByNominal(db, partnerships) };
  },
  check(v, ctx) {
    // Every problem of the row at once: the nominal and its membership, the reference, the review's own checks.
    const checks = new InputChecks();
    const nominalRef = text(v, 'nominal')!;
    const nominalId = checks.check(() => nominalOf(ctx, nominalRef));
    const reference = checks.check(() => requireText('row.reference', text(v, 'reference')!, 60));
    const date = text(v, 'reviewDate')!;
    const spells = nominalId === undefined ? [] : (ctx.lookups.spells.get(nominalId) ?? []);
    const spell = spells.find((s) => s.startDate <= date && (!s.endDate || date <= s.endDate)) ?? spells.find((s) => s.startDate <= date) ?? spells[0];
    if (nominalId !== undefined && !spell) checks.add(badInput('row.nominal', `${nominalRef} has no membership to file the review under.`));
    const review = checks.check(() => checkReview('row', spell ?? { startDate: '0000-01-01', endDate: null }, { reviewDate: date, status: v.status as RagStatus, note: text(v, 'note') }));
    checks.done();
    return { membership_id: spell!.id, reference: reference!, review_date: review!.reviewDate, status: review!.status, note: review!.note };
  },
  duplicateKey: (r, ctx) => ({ key: scopedKey(ctx, r.reference), column: 'reference', value: String(r.reference) }),
  ...single({ table: 'status_review', key: ['membership_id', 'reference'], versioned: true, values: ['review_date', 'status', 'note'] }),
};
