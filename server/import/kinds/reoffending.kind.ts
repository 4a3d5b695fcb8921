import { publishedReoffendingFields } from '../../performance/published/published.service.js';
import type { DbRow } from '../upsert.js';
import { type ImportKind, text, num, scopedKey, PARTNERSHIP, source, single, PUBLISHED_IMPORTERS } from './import-kind.js';

export const reoffendingKind: ImportKind<null, DbRow> = {
  name: 'reoffending',
  summary: 'A published proven-reoffending table: actual vs predicted rates by local authority (the MoJ table of the West Midlands paper), for new periods as they are published.',
  entity: 'PublishedReoffending',
  scoped: true,
  roles: PUBLISHED_IMPORTERS,
  columns: [
    PARTNERSHIP,
    { key: 'reference', header: 'Reference', required: false, type: 'text', description: 'The row\'s key for re-imports; default: period, force and local authority.' },
    { key: 'period', header: 'Period', aliases: ['Cohort period', 'Cohort year', 'Year'], required: false, type: 'text', description: 'The period the table covers, as published (e.g. 2012/13 cohort): a new period adds rows beside the earlier ones.' },
    { key: 'force', header: 'Force', aliases: ['Police force', 'Force area'], required: true, type: 'text', description: '' },
    { key: 'localAuthority', header: 'Local authority', aliases: ['LA', 'Local authority area', 'Area'], required: false, type: 'text', description: 'Blank where the table leaves it blank.' },
    { key: 'cohortSize', header: 'Cohort size', aliases: ['Cohort', 'Number of offenders', 'Offenders'], required: true, type: 'integer', description: '' },
    { key: 'actualRate', header: 'Actual rate', aliases: ['Actual', 'Actual reoffending rate', 'Actual proven reoffending rate'], required: true, type: 'number', description: 'Percent, as published (5.38 means 5.38%).' },
    { key: 'predictedRate', header: 'Predicted rate', aliases: ['Predicted', 'Predicted reoffending rate'], required: true, type: 'number', description: 'Percent.' },
    { key: 'differencePercent', header: 'Difference %', aliases: ['Difference', '% difference', 'Percentage difference'], required: true, type: 'number', description: '(actual − predicted) / predicted, in percent; may be negative.' },
    { key: 'rankByDifference', header: 'Rank by difference', aliases: ['Difference rank'], required: false, type: 'integer', description: 'As published.' },
    { key: 'rankByActual', header: 'Rank by actual', aliases: ['Actual rank', 'Rank'], required: false, type: 'integer', description: 'As published.' },
    { key: 'note', header: 'Note', aliases: ['Notes'], required: false, type: 'text', description: '' },
    { ...source(), description: 'Where the table comes from; default: the file name.' },
  ],
  load: async () => null,
  check(v, ctx) {
    const f = publishedReoffendingFields(
      {
        force: text(v, 'force')!, localAuthority: text(v, 'localAuthority'), cohortSize: num(v, 'cohortSize')!, actualRate: num(v, 'actualRate')!, predictedRate: num(v, 'predictedRate')!,
        differencePercent: num(v, 'differencePercent')!, rankByDifference: num(v, 'rankByDifference'), rankByActual: num(v, 'rankByActual'), note: text(v, 'note'),
        source: text(v, 'source') ?? `Imported from ${ctx.fileName}`, reference: text(v, 'reference'), period: text(v, 'period'),
      },
      'row',
    );
    return {
      partnership_id: ctx.partnership!.id, reference: f.reference, force: f.force, local_authority: f.localAuthority, cohort_size: f.cohortSize, actual_rate_hundredths: f.actualRateHundredths,
      predicted_rate_hundredths: f.predictedRateHundredths, difference_percent_hundredths: f.differencePercentHundredths, published_rank_by_difference: f.publishedRankByDifference,
      published_rank_by_actual: f.publishedRankByActual, note: f.note, source: f.source, period: f.period,
    };
  },
  duplicateKey: (r, ctx, v) => ({ key: scopedKey(ctx, r.reference), column: v.reference ? 'reference' : 'localAuthority', value: v.reference ? String(r.reference) : `${r.period ? `${r.period}, ` : ''}${r.force}, ${r.local_authority ?? '(blank)'}` }),
  ...single({
    table: 'published_reoffending', key: ['partnership_id', 'reference'], versioned: false,
    values: ['force', 'local_authority', 'cohort_size', 'actual_rate_hundredths', 'predicted_rate_hundredths', 'difference_percent_hundredths', 'published_rank_by_difference', 'published_rank_by_actual', 'note', 'source', 'period'],
  }),
};
