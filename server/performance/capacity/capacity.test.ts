import { describe, expect, it } from 'vitest';
import { StaffingRatio } from '../../partnership/staffing/staffing.entity.js';
import { capacityRows, nominalsPerFte } from './capacity.js';

const ratio = (grade: string, caseload: string | null, fteHundredths: number, perNominals: number) => Object.assign(new StaffingRatio(), { grade, caseload, fteHundredths, perNominals });

describe('capacity and value for money', () => {
  it('56 nominals on 1.4 police FTE is 40 each', () => {
    expect(nominalsPerFte(56, 1.4)).toBe(40);
    expect(nominalsPerFte(34, 1.3)).toBe(26.15);
    expect(nominalsPerFte(10, 0)).toBeNull();
  });
});

describe('capacity v1', () => {
  const byCaseload = new Map([['NPS', 20], ['CRC', 30]]);

  it('one police officer per 40 nominals: 56 members need 1.40 FTE, and 1.4 in post carry 40 each', () => {
    expect(capacityRows(56, byCaseload, [ratio('Police officer', null, 100, 40)], new Map([['Police officer', 140]]))).toEqual([{
      grade: 'Police officer', caseload: null, standardFteHundredths: 100, perNominals: 40, nominals: 56, fteNeededHundredths: 140,
      staffFteHundredths: 140, nominalsPerFte: 40, standardNominalsPerFte: 40,
    }]);
  });

  it('counts a caseload standard on its caseload only, and a grade\'s staff against all its standards', () => {
    const rows = capacityRows(56, byCaseload, [ratio('Offender manager', 'NPS', 100, 30), ratio('Offender manager', 'CRC', 100, 45), ratio('Analyst', null, 50, 100)], new Map([['Offender manager', 200]]));
    expect(rows.map((r) => [r.grade, r.caseload, r.nominals, r.fteNeededHundredths, r.nominalsPerFte, r.standardNominalsPerFte])).toEqual([
      ['Offender manager', 'NPS', 20, 67, 25, 30],
      ['Offender manager', 'CRC', 30, 67, 25, 45],
      ['Analyst', null, 56, 28, null, 200],
    ]);
  });

  it('needs nothing for a caseload nobody is on', () => {
    expect(capacityRows(10, new Map(), [ratio('Offender manager', 'NPS', 100, 30)], new Map())[0]).toMatchObject({ nominals: 0, fteNeededHundredths: 0, staffFteHundredths: null, nominalsPerFte: null });
  });
});
