import { describe, expect, it } from 'vitest';
import { exampleFor, partnershipsNamed } from './examples.js';

const thurrock = '{"partnership": "thurrock", "date": "2012-09-30"}';
const scenario = (code: string) => JSON.stringify({ input: { partnership: code, cohortTarget: 200 } });

describe('exampleFor', () => {
  it('keeps the first example when the caller sees its partnership', () => {
    expect(exampleFor([thurrock], ['norfolk-suffolk', 'thurrock'])).toBe(thurrock);
    expect(exampleFor([thurrock], 'ALL')).toBe(thurrock);
  });

  it('picks a later example that names a partnership the caller sees', () => {
    expect(exampleFor([scenario('barnet'), scenario('norfolk-suffolk')], ['norfolk-suffolk'])).toBe(scenario('norfolk-suffolk'));
  });

  it('otherwise puts the caller\'s first partnership in place of the example\'s, nested ones and lists included', () => {
    expect(JSON.parse(exampleFor([thurrock], ['norfolk-suffolk']))).toEqual({ partnership: 'norfolk-suffolk', date: '2012-09-30' });
    expect(JSON.parse(exampleFor([scenario('barnet')], ['thurrock']))).toEqual({ input: { partnership: 'thurrock', cohortTarget: 200 } });
    expect(JSON.parse(exampleFor(['{"partnerships": ["barnet", "thurrock"], "from": "2013-10-31"}'], ['norfolk-suffolk']))).toEqual({ partnerships: ['norfolk-suffolk'], from: '2013-10-31' });
  });

  it('leaves an example that names no partnership as it is', () => {
    expect(exampleFor(['{"from": "2013-10-31"}'], ['norfolk-suffolk'])).toBe('{"from": "2013-10-31"}');
    expect(exampleFor([], ['norfolk-suffolk'])).toBe('{}');
  });

  it('finds partnerships at any depth', () => {
    expect(partnershipsNamed({ a: { partnership: 'x' }, partnerships: ['y', 'z'], list: [{ partnership: 'w' }] })).toEqual(['x', 'y', 'z', 'w']);
  });
});
