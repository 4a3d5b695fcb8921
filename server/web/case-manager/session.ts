/** What the page's parts share once the case manager has signed in: the client, the partnership and its reference lists. */
import { HubError, type GraphQLErrorItem, type HubClient } from '../../../addin/hub-client.js';
import type { PageSchema } from '../case-manager-page.js';
import { problemsOf, type HubForm } from './hub-form.js';

export interface Category {
  code: string;
  description: string;
  priority: boolean;
  banding: string;
}

export interface Matrix {
  threshold: number;
  factors: { factor: string; label: string; weight: number; maxValue: number }[];
}

export const session: {
  schema: PageSchema;
  client?: HubClient;
  role: string;
  partnership: string;
  partnerships: { code: string; name: string; agencies: { code: string; name: string }[] }[];
  categories: Category[];
  matrix: Matrix | null;
} = { schema: { inputs: {}, enums: {}, arguments: {} }, role: '', partnership: '', partnerships: [], categories: [], matrix: null };

export const agenciesOf = (code: string) => session.partnerships.find((p) => p.code === code)?.agencies ?? [];

/** The errors of a failed call: the GraphQL errors, or one sentence when no GraphQL answer came (unreachable, token refused). */
export function errorsOf(error: unknown): GraphQLErrorItem[] {
  if (error instanceof HubError && error.errors.length) return error.errors;
  return [{ message: error instanceof Error ? error.message : String(error) }];
}

/** Sends a write from a form: on any error, the hub's problems are shown at their fields and null comes back. */
export async function submit<T>(form: HubForm, query: string, variables: Record<string, unknown>): Promise<T | null> {
  form.clear();
  form.button.disabled = true;
  try {
    if (!session.client) throw new Error('Sign in with your token first.');
    const body = await session.client.send<T>(query, variables);
    if (body.errors?.length) {
      form.showProblems(problemsOf(body.errors));
      return null;
    }
    return body.data as T;
  } catch (error) {
    form.showProblems(problemsOf(errorsOf(error)));
    return null;
  } finally {
    form.button.disabled = false;
  }
}
