/**
 * Whether a report's query holds against a schema: the checks behind publishReport, freezeWorkbook
 * and `npx iom-hub reports check` (which runs them against a schema file, to find the workbooks a
 * schema change would break). Each problem says what and where (line and column), in graphql-js's words.
 */
import {
  coerceInputValue, GraphQLError, Kind, parse, typeFromAST, validate, type DocumentNode, type GraphQLInputType, type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { limitViolations, measureDocument, QUERY_LIMITS, type QueryLimits } from '../access/limits.js';

export interface ReportProblem {
  message: string;
  line?: number;
  column?: number;
}

export interface CheckedReport {
  document?: DocumentNode;
  operation?: OperationDefinitionNode;
  problems: ReportProblem[];
}

const problemOf = (error: GraphQLError): ReportProblem => ({ message: error.message, line: error.locations?.[0]?.line, column: error.locations?.[0]?.column });

/** `Cannot query field "x" on type "Y". (line 3, column 5)` */
export function describeProblem(problem: ReportProblem): string {
  return problem.line ? `${problem.message} (line ${problem.line}, column ${problem.column})` : problem.message;
}

/**
 * Checks a report's query: it parses, is one query operation (a report reads; it never writes),
 * validates against `schema`, and is within the hub's query limits. `variables`, when given, must
 * fit the variables the operation declares (names and types; required ones may be left out when
 * `partial`, as a parameter set may give only some).
 */
export function checkReport(schema: GraphQLSchema, query: string, { variables, partial = false, limits = QUERY_LIMITS }: { variables?: Record<string, unknown>; partial?: boolean; limits?: QueryLimits } = {}): CheckedReport {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens });
  } catch (error) {
    return { problems: [error instanceof GraphQLError ? problemOf(error) : { message: String(error) }] };
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) return { document, problems: [{ message: `A report is one query operation; this text has ${operations.length}.` }] };
  const [operation] = operations;
  if (operation.operation !== 'query') return { document, operation, problems: [{ message: `A report reads: it must be a query, not a ${operation.operation}.`, ...location(operation) }] };
  const problems = validate(schema, document).map(problemOf);
  if (problems.length) return { document, operation, problems };
  problems.push(...limitViolations(measureDocument(schema, document, variables ?? {}, limits), limits).map((message) => ({ message })));
  if (variables) problems.push(...variableProblems(schema, operation, variables, partial));
  return { document, operation, problems };
}

function location(node: { loc?: { startToken: { line: number; column: number } } }) {
  return node.loc ? { line: node.loc.startToken.line, column: node.loc.startToken.column } : {};
}

/** Each variable given must be declared and of its declared type; each required one must be given (unless `partial`). */
function variableProblems(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>, partial: boolean): ReportProblem[] {
  const problems: ReportProblem[] = [];
  const declared = new Map((operation.variableDefinitions ?? []).map((d) => [d.variable.name.value, d]));
  for (const [name, value] of Object.entries(variables)) {
    const definition = declared.get(name);
    if (!definition) {
      problems.push({ message: `Variable "$${name}" is not declared by the query (it declares ${[...declared.keys()].map((n) => `$${n}`).join(', ') || 'none'}).` });
      continue;
    }
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) continue; // validate() has reported an unknown type
    coerceInputValue(value, type, (path, _invalid, error) => {
      const at = path.length ? `.${path.join('.')}` : '';
      problems.push({ message: `Variable "$${name}${at}": ${error.message}`, ...location(definition) });
    });
  }
  if (!partial) {
    for (const [name, definition] of declared) {
      if (definition.type.kind === Kind.NON_NULL_TYPE && !definition.defaultValue && variables[name] === undefined) problems.push({ message: `Variable "$${name}" is required and has no value.`, ...location(definition) });
    }
  }
  return problems;
}

/** A JSON text that must hold an object (variables), or a problem naming `field`. */
export function parseVariablesJson(text: string | null | undefined): Record<string, unknown> | string {
  if (text === null || text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `is not valid JSON (${(error as Error).message}).`;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'must be a JSON object of variable names and values, e.g. {"partnership": "norfolk-suffolk"}.';
  return value as Record<string, unknown>;
}
