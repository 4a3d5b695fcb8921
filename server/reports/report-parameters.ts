/**
 * What a saved report asks for, in words for the person filling it in: each variable's label,
 * the description of the argument it is passed to (from the hub's own schema), its choices when
 * the argument takes a fixed list (an enum), and whether it is a date.
 */
import { getNamedType, GraphQLEnumType, Kind, parse, print, TypeInfo, typeFromAST, visit, visitWithTypeInfo, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

export interface ParameterChoice {
  value: string;
  label: string;
}

export interface ReportParameterInfo {
  name: string;
  label: string;
  description: string | null;
  type: string;
  required: boolean;
  choices: ParameterChoice[];
  date: boolean;
}

/** `financialYear` → `Financial year`, `AS_AT` → `As at`. */
export function humanise(name: string): string {
  const words = name
    .replace(/_/g, ' ')
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const DATE = /\bYYYY-MM-DD\b/;

export function reportParameters(schema: GraphQLSchema, query: string): ReportParameterInfo[] {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) return [];
  // The argument each variable is passed to, as the schema describes it.
  const described = new Map<string, string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (node.value.kind === Kind.VARIABLE && argument?.description && !described.has(node.value.name.value)) described.set(node.value.name.value, argument.description);
      },
    }),
  );
  return (operation.variableDefinitions ?? []).map((definition) => {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type as never);
    const named = type && getNamedType(type);
    const description = described.get(name) ?? null;
    const choices = named instanceof GraphQLEnumType ? named.getValues().map((v) => ({ value: v.name, label: v.description ?? humanise(v.name) })) : [];
    return { name, label: humanise(name), description, type: print(definition.type), required: definition.type.kind === Kind.NON_NULL_TYPE, choices, date: Boolean(description && DATE.test(description)) };
  });
}
