import { Role } from '../../access/role.js';
import { identityFields } from '../../cohort/cohort.service.js';
import { InputChecks } from '../../errors/problems.js';
import type { DbRow } from '../upsert.js';
import { type ImportKind, text, scopedKey, PARTNERSHIP, NOMINAL_REF, single } from './import-kind.js';
import { nominalIds, nominalOf } from './lookups.js';

export const identitiesKind: ImportKind<{ nominals: Map<string, number> }, DbRow> = {
  name: 'identities',
  summary: 'Who each nominal is (name, date of birth, PNC id), held apart from the pseudonymous record: imported by case managers only.',
  entity: 'NominalIdentity',
  scoped: true,
  // Only a case manager of the owning partnership sees an identity, so only one may load them (not even an admin).
  roles: [Role.CASE_MANAGER],
  columns: [
    PARTNERSHIP,
    NOMINAL_REF,
    { key: 'name', header: 'Name', aliases: ['Full name', 'Offender name'], required: true, type: 'text', description: '' },
    { key: 'dateOfBirth', header: 'Date of birth', aliases: ['DOB', 'Birth date'], required: false, type: 'date', description: '' },
    { key: 'pncId', header: 'PNC id', aliases: ['PNC', 'PNC number', 'PNC ID'], required: false, type: 'text', description: 'Police National Computer id.' },
  ],
  async load(db, partnerships) {
    return { nominals: await nominalIds(db, partnerships) };
  },
  check(v, ctx) {
    // The same checks as addNominal's identity, with the nominal's, every problem at once.
    const checks = new InputChecks();
    const nominalId = checks.check(() => nominalOf(ctx, text(v, 'nominal')!));
    const identity = checks.check(() => identityFields({ name: text(v, 'name')!, dateOfBirth: text(v, 'dateOfBirth'), pncId: text(v, 'pncId') }, 'row'));
    checks.done();
    return { nominal_id: nominalId!, name: identity!.name, date_of_birth: identity!.dateOfBirth, pnc_id: identity!.pncId };
  },
  duplicateKey: (r, ctx, v) => ({ key: scopedKey(ctx, r.nominal_id), column: 'nominal', value: String(v.nominal) }),
  ...single({ table: 'nominal_identity', key: ['nominal_id'], versioned: false, values: ['name', 'date_of_birth', 'pnc_id'] }),
};
