/**
 * How a field reads as a column header, kept beside the field's definition: `@Label('Contribution')`
 * under `@Field(() => Money)` gives "Contribution (£)" (the unit comes from the field's scalar).
 * `@Measure` marks a computed result type with its measure's name and version, so an output
 * carrying it can say which definition its figures follow. Both are GraphQL field or type
 * extensions: the hub serves them through `reportLayout`; introspection does not show them.
 */
import { Extensions } from 'type-graphql';

export interface LabelExtension {
  label: string;
  /** Says what the unit counts when the scalar alone does not ("priority offences per member"). */
  unit?: string;
  /**
   * The field tells the type's figures apart (published or computed): every table of the type
   * shows it, added to a query that leaves it out.
   */
  tellsApart?: boolean;
}

export interface MeasureExtension {
  measure: { name: string; version: number };
}

/** The column header of a field, without its unit. */
export const Label = (label: string, options: { unit?: string; tellsApart?: boolean } = {}) =>
  Extensions({ label, ...(options.unit ? { unit: options.unit } : {}), ...(options.tellsApart ? { tellsApart: true } : {}) } satisfies LabelExtension);

/** A computed result type's measure and version (its definition is the type's description). */
export const Measure = (name: string, version: number) => Extensions({ measure: { name, version } } satisfies MeasureExtension);
