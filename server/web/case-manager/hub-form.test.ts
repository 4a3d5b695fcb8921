import { describe, expect, it } from 'vitest';
import { labelOf, problemsOf, words } from './hub-form.js';

describe('the case managers\' forms', () => {
  it('take every problem of an error, without the field prefix the field already shows', () => {
    expect(problemsOf([{ message: 'input.endDate: not a date (and 1 more problem)', extensions: { code: 'BAD_USER_INPUT', field: 'input.endDate', problems: [
      { field: 'input.endDate', message: 'input.endDate: "x" is not a date (YYYY-MM-DD).' },
      { field: 'input.reason', message: 'input.reason: a de-selection needs a reason.' },
    ] } }])).toEqual([{ field: 'input.endDate', message: '"x" is not a date (YYYY-MM-DD).' }, { field: 'input.reason', message: 'a de-selection needs a reason.' }]);
    expect(problemsOf([{ message: 'input.panelDate: 2024-01-05 is before the referral (2024-01-10).', extensions: { code: 'BAD_USER_INPUT', field: 'input.panelDate' } }]))
      .toEqual([{ field: 'input.panelDate', message: '2024-01-05 is before the referral (2024-01-10).' }]);
    expect(problemsOf([{ message: 'A board token may not use nominals.', extensions: { code: 'FORBIDDEN' } }])).toEqual([{ field: '', message: 'A board token may not use nominals.' }]);
  });

  it('label a field by its description\'s first clause when it is short, else by its name in words', () => {
    expect(labelOf('CrimSec3 code, e.g. 28A.')).toBe('CrimSec3 code');
    expect(labelOf('Date the agreement was signed: the first day on the scheme.')).toBe('Date the agreement was signed');
    expect(labelOf('The partner\'s own reference for the referral, unique for the nominal, as the partner keeps it in its own case system.')).toBeNull();
    expect([words('agreementSignedDate'), words('OFFENCE_FREE_YEAR'), words('NPS')]).toEqual(['Agreement signed date', 'Offence free year', 'NPS']);
  });
});
