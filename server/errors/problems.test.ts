import { describe, expect, it } from 'vitest';
import { badInput, DomainError } from './domain-error.js';
import { InputChecks, problemsOf } from './problems.js';
import { requireDate } from './validate.js';

describe('input checks that report every problem', () => {
  it('keeps each refusal and throws them all at the end, the first one\'s message leading', () => {
    const checks = new InputChecks();
    expect(checks.check(() => requireDate('input.reviewDate', '2014-02-30'))).toBeUndefined();
    expect(checks.check(() => 'fine')).toBe('fine');
    checks.check(() => { throw badInput('input.status', 'must be given.'); });
    expect(checks.ok).toBe(false);
    let thrown: unknown;
    try { checks.done(); } catch (error) { thrown = error; }
    expect(thrown).toBeInstanceOf(DomainError);
    const error = thrown as DomainError;
    expect(error.message).toBe('input.reviewDate: "2014-02-30" is not a date; write it as YYYY-MM-DD. (and 1 more problem)');
    expect(problemsOf(error)).toEqual([
      { field: 'input.reviewDate', message: 'input.reviewDate: "2014-02-30" is not a date; write it as YYYY-MM-DD.' },
      { field: 'input.status', message: 'input.status: must be given.' },
    ]);
  });

  it('throws one problem as it was, and nothing when all is well', () => {
    const checks = new InputChecks();
    checks.check(() => { throw badInput('input.note', 'too long.'); });
    expect(() => checks.done()).toThrow(expect.objectContaining({ message: 'input.note: too long.', details: { field: 'input.note' } }));
    expect(() => new InputChecks().done()).not.toThrow();
  });

  it('lets other errors through at once', () => {
    expect(() => new InputChecks().check(() => { throw new Error('database gone'); })).toThrow('database gone');
  });
});
