import { DomainError } from './domain-error.js';

/** One problem with one field of an input: `field` names it (`input.reviewDate`, `row.outcomeDate`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The field and message of a BAD_USER_INPUT error (its problems, when it carries several). */
export function problemsOf(error: DomainError): FieldProblem[] {
  const many = error.details.problems as FieldProblem[] | undefined;
  return many?.length ? many : [{ field: String(error.details.field ?? ''), message: error.message }];
}

/**
 * Checks that report every problem of an input, not only the first: each check runs, a
 * BAD_USER_INPUT it throws is kept, and `done()` throws them all as one error (the first one's
 * message and field, every one in `extensions.problems`), so a form can show each message next to
 * its field and an import can report each problem of a row.
 */
export class InputChecks {
  private readonly found: DomainError[] = [];

  /** The check's value, or undefined when it refused the input (the refusal is kept). */
  check<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'BAD_USER_INPUT') throw error;
      this.found.push(error);
      return undefined;
    }
  }

  /** The same for a check that waits on the database. */
  async checkAsync<T>(run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'BAD_USER_INPUT') throw error;
      this.found.push(error);
      return undefined;
    }
  }

  /** Keeps a refusal found another way. */
  add(error: DomainError): void {
    this.found.push(error);
  }

  get ok(): boolean {
    return this.found.length === 0;
  }

  /** Throws every problem found as one BAD_USER_INPUT; returns when there was none. */
  done(): void {
    if (this.found.length) throw allProblems(this.found);
  }
}

/** One error for several: the first's message and field, with `problems` listing them all. */
export function allProblems(errors: readonly DomainError[]): DomainError {
  const problems = errors.flatMap(problemsOf);
  if (problems.length === 1) return errors[0];
  const [first] = problems;
  const more = problems.length - 1;
  return new DomainError('BAD_USER_INPUT', `${first.message} (and ${more} more problem${more === 1 ? '' : 's'})`, { field: first.field, problems });
}
