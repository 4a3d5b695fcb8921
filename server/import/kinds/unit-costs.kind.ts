import { Role } from '../../access/role.js';
import { unitCostFields } from '../../reference/reference.service.js';
import type { DbRow } from '../upsert.js';
import { type ImportKind, text, num, sep, source, single } from './import-kind.js';

export const unitCostsKind: ImportKind<Set<string>, DbRow> = {
  name: 'unit-costs',
  summary: 'A unit-cost-of-crime table: the cost of one offence of each CrimSec3 banding, under a named table version.',
  entity: 'UnitCostOfCrime',
  scoped: false,
  // Reference data every partnership's measures use: imported by admins only.
  roles: [Role.ADMIN],
  columns: [
    { key: 'tableVersion', header: 'Table version', aliases: ['Version', 'Table'], required: true, type: 'text', description: 'Names the table, e.g. home-office-2011; measures name the table they used.' },
    { key: 'banding', header: 'Banding', aliases: ['Crime banding', 'Offence group', 'Crime type'], required: true, type: 'text', description: 'A banding of the CrimSec3 table.' },
    { key: 'cost', header: 'Cost', aliases: ['Unit cost', 'Cost per offence'], required: true, type: 'pounds', description: 'Cost of one offence.' },
    { ...source(), description: 'Where the costs come from; default: the file name.' },
  ],
  async load(db) {
    return new Set(((await db('crime_category').distinct('banding')) as { banding: string }[]).map((c) => c.banding));
  },
  check(v, ctx) {
    const f = unitCostFields(
      { tableVersion: text(v, 'tableVersion')!, banding: text(v, 'banding')!, cost: num(v, 'cost')!, source: text(v, 'source') ?? `Imported from ${ctx.fileName}` },
      'row',
      (banding) => ctx.lookups.has(banding),
    );
    return { table_version: f.tableVersion, banding: f.banding, cost_pence: f.costPence, source: f.source };
  },
  duplicateKey: (r) => ({ key: `${r.table_version}${sep}${r.banding}`, column: 'banding', value: `${r.table_version} ${r.banding}` }),
  ...single({ table: 'unit_cost_of_crime', key: ['table_version', 'banding'], versioned: false, values: ['cost_pence', 'source'] }),
};
