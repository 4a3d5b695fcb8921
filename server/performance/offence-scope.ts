import { registerEnumType } from 'type-graphql';

/** Which proven offences a reoffending figure counts. */
export const OffenceScope = { ALL: 'ALL', PRIORITY: 'PRIORITY' } as const;
export type OffenceScope = (typeof OffenceScope)[keyof typeof OffenceScope];

registerEnumType(OffenceScope, {
  name: 'OffenceScope',
  description:
    'Which proven offences a reoffending figure counts. ALL: every notifiable offence recorded (the default, as before). PRIORITY: only the ' +
    'priority crimes (the CrimSec3 codes flagged priority: AP14/73, 3.4). Every figure that counts offences says which it used (`offenceScope`).',
});

/** A condition on the offence alias `o`, after its other conditions: nothing for ALL, its category a priority one for PRIORITY. */
export function offenceScopeSql(scope: OffenceScope, alias = 'o'): string {
  return scope === 'PRIORITY' ? ` AND ${alias}.category_id IN (SELECT id FROM crime_category WHERE priority)` : '';
}
