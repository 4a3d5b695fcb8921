import { publishedRateFields } from '../../performance/published/published.service.js';
import { PriorityRateMethod } from '../../performance/priority-crime-rate/priority-crime-rate.js';
import type { DbRow } from '../upsert.js';
import { type ImportKind, text, num, scopedKey, PARTNERSHIP, source, single, PUBLISHED_IMPORTERS } from './import-kind.js';

export const priorityCrimeRatesKind: ImportKind<null, DbRow> = {
  name: 'priority-crime-rates',
  summary: 'Published monthly pre-IOM vs live-IOM priority crime rates (the Suffolk table of AP14/73 5.4), for new periods as they are published.',
  entity: 'PublishedPriorityCrimeRate',
  scoped: true,
  roles: PUBLISHED_IMPORTERS,
  columns: [
    PARTNERSHIP,
    { key: 'reference', header: 'Reference', required: false, type: 'text', description: 'The row\'s key for re-imports; default: area, method and month.' },
    { key: 'month', header: 'Month', aliases: ['Period'], required: true, type: 'text', description: 'YYYY-MM.' },
    { key: 'area', header: 'Area', aliases: ['Local authority', 'County'], required: false, type: 'text', description: 'The local authority the figures cover; blank: the whole partnership.' },
    { key: 'method', header: 'Method', required: false, type: 'text', description: `${Object.values(PriorityRateMethod).join(' or ')}: how the publisher counted; blank when the paper does not say (then no computed series is set beside it).` },
    { key: 'preRate', header: 'Pre-IOM rate', aliases: ['Pre IOM', 'Pre-IOM'], required: true, type: 'number', description: 'As printed, e.g. 1.43.' },
    { key: 'liveRate', header: 'Live IOM rate', aliases: ['Live IOM', 'Live'], required: true, type: 'number', description: 'As printed.' },
    { key: 'percentChange', header: '% change', aliases: ['Percent change', 'Change'], required: true, type: 'integer', description: 'Whole percent, as printed.' },
    { ...source(), description: 'Where the figures come from; default: the file name.' },
  ],
  load: async () => null,
  check(v, ctx) {
    const f = publishedRateFields({
      month: text(v, 'month')!, area: text(v, 'area'), method: text(v, 'method'), preRate: num(v, 'preRate')!, liveRate: num(v, 'liveRate')!, percentChange: num(v, 'percentChange')!,
      source: text(v, 'source') ?? `Imported from ${ctx.fileName}`, reference: text(v, 'reference'),
    }, 'row');
    return {
      partnership_id: ctx.partnership!.id, reference: f.reference, month: f.month, area: f.area, method: f.method, pre_rate_hundredths: f.preRateHundredths,
      live_rate_hundredths: f.liveRateHundredths, percent_change: f.percentChange, source: f.source,
    };
  },
  duplicateKey: (r, ctx, v) => ({ key: scopedKey(ctx, r.reference), column: v.reference ? 'reference' : 'month', value: String(r.reference) }),
  ...single({
    table: 'published_priority_crime_rate', key: ['partnership_id', 'reference'], versioned: false,
    values: ['month', 'area', 'method', 'pre_rate_hundredths', 'live_rate_hundredths', 'percent_change', 'source'],
  }),
};
