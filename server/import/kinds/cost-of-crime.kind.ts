import { publishedCostFields } from '../../performance/published/published.service.js';
import type { DbRow } from '../upsert.js';
import { type ImportKind, text, num, scopedKey, PARTNERSHIP, source, single, PUBLISHED_IMPORTERS } from './import-kind.js';

export const costOfCrimeKind: ImportKind<null, DbRow> = {
  name: 'cost-of-crime',
  summary: 'A published cost-of-crime table: the cost of the cohort\'s offending before, during and after membership (Barnet 6.2), for new periods as they are published.',
  entity: 'PublishedCostOfCrime',
  scoped: true,
  roles: PUBLISHED_IMPORTERS,
  columns: [
    PARTNERSHIP,
    { key: 'reference', header: 'Reference', required: false, type: 'text', description: 'The row\'s key for re-imports; default: period and group.' },
    { key: 'period', header: 'Period', aliases: ['As at', 'Month'], required: false, type: 'text', description: 'When the figures were taken, as published (e.g. 2014-10): a new period adds rows beside the earlier ones.' },
    { key: 'group', header: 'Group', aliases: ['Cohort group', 'Offenders'], required: true, type: 'text', description: 'The row of the table, e.g. Current, Removed.' },
    { key: 'before', header: 'Before', aliases: ['Cost before', 'Before IOM'], required: false, type: 'pounds', description: 'Cost of crime before membership; blank where the table prints n/a.' },
    { key: 'during', header: 'During', aliases: ['Cost during', 'During IOM'], required: false, type: 'pounds', description: 'Cost of crime during membership.' },
    { key: 'after', header: 'After', aliases: ['Cost after', 'After IOM'], required: false, type: 'pounds', description: 'Cost of crime after membership.' },
    { key: 'note', header: 'Note', aliases: ['Notes'], required: false, type: 'text', description: '' },
    { ...source(), description: 'Where the table comes from; default: the file name.' },
  ],
  load: async () => null,
  check(v, ctx) {
    const f = publishedCostFields(
      {
        group: text(v, 'group')!, period: text(v, 'period'), before: num(v, 'before'), during: num(v, 'during'), after: num(v, 'after'), note: text(v, 'note'),
        source: text(v, 'source') ?? `Imported from ${ctx.fileName}`, reference: text(v, 'reference'),
      },
      'row',
    );
    return {
      partnership_id: ctx.partnership!.id, reference: f.reference, period: f.period, group: f.group, before_pence: f.beforePence, during_pence: f.duringPence, after_pence: f.afterPence,
      note: f.note, source: f.source,
    };
  },
  duplicateKey: (r, ctx, v) => ({ key: scopedKey(ctx, r.reference), column: v.reference ? 'reference' : 'group', value: v.reference ? String(r.reference) : `${r.period ? `${r.period}, ` : ''}${r.group}` }),
  ...single({ table: 'published_cost_of_crime', key: ['partnership_id', 'reference'], versioned: false, values: ['period', 'group', 'before_pence', 'during_pence', 'after_pence', 'note', 'source'] }),
};
