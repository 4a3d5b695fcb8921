import { ReferenceKind, type EntityClass, type EntityDictionary, type EntityManager, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import type { SqlParams } from './named-params.js';
import { reportSql } from './sql.js';

/**
 * The lean read path. A query's small reports (establishment, cost share, funding, the scenario)
 * read their rows with flat hand-written SQL instead of the ORM's query builder: the ORM costs
 * about half a millisecond a statement and writes a nested join for a populated collection
 * (`left join (cost_share_entry inner join agency)`) that SQLite answers by building the whole
 * join each time. The rows still become objects of the domain's entity classes, with their
 * columns converted as a find would: managed by the ORM (`em.map`) for the few a report keeps
 * (a cost share's agreement), plain (plainRows) for the rows it only reads, its partnership and
 * year among them. So everything
 * after the read is the same code.
 *
 * Only reads outside a transaction take this path: a write's reads stay with the ORM on the
 * transaction's connection, and a test (test/lean-reads.test.ts) checks both answer alike.
 */
export function readsLean(em: EntityManager): boolean {
  return !em.getTransactionContext();
}

/**
 * Reads that do not depend on each other: at once on the lean read path (each on a connection of
 * its own), one after the other inside a write's transaction (on its one connection). Either way a
 * failure is the first one in the order given, so a report tells the same problem first.
 */
export async function readTogether<T extends readonly unknown[]>(em: EntityManager, reads: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if (!readsLean(em)) {
    const values: unknown[] = [];
    for (const read of reads) values.push(await read());
    return values as unknown as T;
  }
  const settled = await Promise.allSettled(reads.map((read) => read()));
  return settled.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  }) as unknown as T;
}

/**
 * The entities of hand-written SQL selecting whole rows (`SELECT t.* FROM …`), hydrated and
 * managed by `em` as a find's would be. The SQL must apply the caller's partnership scope itself
 * (partnershipScope) or reach the rows through a row already read in scope.
 */
export async function entitiesOf<T extends object>(em: EntityManager, entity: EntityClass<T>, query: string, params: SqlParams = {}): Promise<T[]> {
  const rows = await reportSql(em, query, params);
  return rows.map((row) => em.map(entity, row as EntityDictionary<T>));
}

/**
 * The plain rows a request has made so far on the lean read path, by entity and id: a relation to
 * a row read earlier in the request is that row, as the ORM's identity map would give it. Kept for
 * the request's EntityManager (each request forks its own) and gone with it.
 */
const registers = new WeakMap<EntityManager, Map<string, Map<string, object>>>();

function registerOf(em: EntityManager, entity: string): Map<string, object> {
  let byEntity = registers.get(em);
  if (!byEntity) registers.set(em, (byEntity = new Map()));
  let register = byEntity.get(entity);
  if (!register) byEntity.set(entity, (register = new Map()));
  return register;
}

/** The plain row of `entity` with this primary key made earlier in the request (plainRows), if any. */
export function plainRowRead<T extends object>(em: EntityManager, entity: EntityClass<T>, key: unknown): T | undefined {
  return registers.get(em)?.get(entity.name)?.get(String(key)) as T | undefined;
}

/**
 * Rows of `entity` (whole rows, as `entitiesOf` reads them) as plain objects (plainOf), each
 * remembered for the rest of the request: a plain row made later whose relation points at one of
 * them gets it. Make the rows another row points at first (an entry's agency before the entry).
 */
export function plainRows<T extends object>(em: EntityManager, entity: EntityClass<T>, rows: readonly Record<string, unknown>[]): T[] {
  const register = registerOf(em, entity.name);
  const [key] = em.getMetadata().get<T>(entity.name).primaryKeys;
  return rows.map((row) => {
    const plain = plainOf(em, entity, row);
    register.set(String(plain[key]), plain);
    return plain;
  });
}

/**
 * One row as a plain object (plainOf, with its `refs`), remembered for the rest of the request as
 * plainRows remembers its rows: a plain row made later whose relation points at it gets it.
 *
 * The relations named in `later` (to rows the request has not read and seldom asks for, such as a
 * membership's referral) are made only when first read, and are then what plainOf would have given
 * them: the plain row read earlier in the request, or else the ORM's reference. Making the ORM's
 * reference puts it in the identity map, which was most of the cost of a page of plain rows.
 */
export function plainRowOf<T extends object>(em: EntityManager, entity: EntityClass<T>, row: Record<string, unknown>, refs: Record<string, object | null> = {}, later: readonly (keyof T & string)[] = []): T {
  return plainRowIn(em, entity, row, null, refs, later);
}

/** plainRowOf of one table's row out of a joined statement (`prefixedColumns(alias, columns)`), without making `part` of it first. */
export function plainPartRowOf<T extends object>(em: EntityManager, entity: EntityClass<T>, row: Record<string, unknown>, alias: string, columns: string[], refs: Record<string, object | null> = {}, later: readonly (keyof T & string)[] = []): T {
  return plainRowIn(em, entity, row, { alias, columns }, refs, later);
}

function plainRowIn<T extends object>(em: EntityManager, entity: EntityClass<T>, row: Record<string, unknown>, from: { alias: string; columns: string[] } | null, refs: Record<string, object | null>, later: readonly (keyof T & string)[]): T {
  const meta = em.getMetadata().get<T>(entity.name);
  let made = refs;
  if (later.length) {
    made = { ...refs };
    for (const name of later) made[name] = null;
  }
  const plain = from ? plainPartOf(em, entity, row, from.alias, from.columns, made) : plainOf(em, entity, row, made);
  for (const name of later) {
    const prop = (meta.properties as Record<string, EntityProperty<T>>)[name];
    if (prop.kind !== ReferenceKind.MANY_TO_ONE || prop.fieldNames.length !== 1) throw new Error(`plainRowOf: ${name} is not a relation to one row by one column.`);
    const id = row[from ? `${from.alias}__${prop.fieldNames[0]}` : prop.fieldNames[0]];
    Object.defineProperty(plain, name, {
      configurable: true,
      enumerable: true,
      get() {
        const value = id === null || id === undefined ? id : (registers.get(em)?.get(prop.type)?.get(String(id)) ?? em.getReference(prop.type, id as never));
        Object.defineProperty(plain, name, { value, configurable: true, enumerable: true, writable: true });
        return value;
      },
    });
  }
  registerOf(em, entity.name).set(String(plain[meta.primaryKeys[0]]), plain);
  return plain;
}

/**
 * One table's distinct rows out of a joined statement (`prefixedColumns(alias, columns)`), as plain
 * rows (plainRows); where it is absent (a LEFT JOIN's nulls) it gives none.
 */
export function plainParts<T extends object>(em: EntityManager, entity: EntityClass<T>, rows: readonly Record<string, unknown>[], alias: string, columns: string[]): T[] {
  const register = registerOf(em, entity.name);
  const [key] = em.getMetadata().get<T>(entity.name).primaryKeys;
  // Each remembered as it is made: a row made after it in the same read gets it for a relation, as before.
  return distinctParts(em, entity, rows, alias, columns, (one) => register.set(String(one[key]), one));
}

/**
 * One table's distinct rows out of a joined statement that selected only some of its `columns`
 * (`prefixedColumns(alias, columns)`): each row's fields of those columns, as plainPartOf reads
 * them, and no others. Unlike plainParts' rows they are not remembered for the request, so no row
 * read later gets one of them for a relation: for a report that works figures out of a few of a
 * table's fields and shows none of its rows.
 */
export function fieldsOfParts<T extends object, K extends keyof T>(em: EntityManager, entity: EntityClass<T>, rows: readonly Record<string, unknown>[], alias: string, columns: string[]): Pick<T, K>[] {
  return distinctParts(em, entity, rows, alias, columns);
}

/** A table's rows out of a joined statement, each once (by its primary key; none where a LEFT JOIN left it null), made by plainPartOf and handed to `made`. */
function distinctParts<T extends object>(em: EntityManager, entity: EntityClass<T>, rows: readonly Record<string, unknown>[], alias: string, columns: string[], made?: (one: T) => void): T[] {
  const meta = em.getMetadata().get<T>(entity.name);
  const key = `${alias}__${meta.properties[meta.primaryKeys[0]].fieldNames[0]}`;
  const seen = new Set<string>();
  const parts: T[] = [];
  for (const row of rows) {
    const id = row[key];
    if (id === null || id === undefined || seen.has(String(id))) continue;
    seen.add(String(id));
    const one = plainPartOf(em, entity, row, alias, columns);
    made?.(one);
    parts.push(one);
  }
  return parts;
}

/** The entities of hand-written SQL as plain rows (plainRows): for rows that are only read, on the lean read path. */
export async function plainEntitiesOf<T extends object>(em: EntityManager, entity: EntityClass<T>, query: string, params: SqlParams = {}): Promise<T[]> {
  return plainRows(em, entity, await reportSql(em, query, params));
}

/**
 * A whole row (`SELECT t.*`, or `part` of one) as an object of the entity's class that the ORM does
 * not manage: its columns converted as a find would (custom types, booleans, JSON, dates), without
 * the identity map or change tracking, which cost most of a read's time when many rows are made
 * and only read. For the lean read path only: such an object must never be written.
 *
 * `refs` gives relations their objects (say, a membership's nominal read in the same statement);
 * any other relation is the plain row read earlier in the request (plainRows), or else the ORM's
 * reference to that row, as a find would leave it.
 */
export function plainOf<T extends object>(em: EntityManager, entity: EntityClass<T>, row: Record<string, unknown>, refs: Record<string, object | null> = {}): T {
  const meta = em.getMetadata().get<T>(entity.name);
  const data = em.getDriver().mapResult(row as EntityDictionary<T>, meta) as Record<string, unknown>;
  const own: Record<string, unknown> = {};
  for (const prop of meta.hydrateProps as EntityProperty<T>[]) {
    if (!(prop.name in data)) continue;
    own[prop.name] = plainValue(em, prop, data[prop.name], refs, data);
  }
  // The values are set on a plain object before it takes the entity's prototype, so they are its own
  // properties, shadowing the prototype's change-tracking setters: none of them runs. (About ten
  // times cheaper than Object.create with a descriptor for each property.)
  return Object.setPrototypeOf(own, meta.prototype) as T;
}

/**
 * plainOf(em, entity, part(row, alias, columns), refs), the same object, without the two objects
 * made on the way for each row (the part, and the driver's mapped copy of it): each property's
 * value is read from its `alias__column` and converted as the driver's mapping (a boolean, a date) and plainOf
 * would (a string or number of a property of that type, not an enum, is what plainOf's validation
 * gives back as it is). Where that mapping does more (an embedded or composite property), or a column
 * is absent from the row, or a value would be refused, it is plainOf itself
 * (test/plain-parts.test.ts holds the two equal for every table's rows on both engines).
 */
export function plainPartOf<T extends object>(em: EntityManager, entity: EntityClass<T>, row: Record<string, unknown>, alias: string, columns: string[], refs: Record<string, object | null> = {}): T {
  const meta = em.getMetadata().get<T>(entity.name);
  const steps = partStepsOf(em, meta, alias, columns);
  return (steps && partRead(em, meta, steps, row, refs)) ?? plainOf(em, entity, part(row, alias, columns), refs);
}

/** plainPartOf's object read by its steps, or null where plainOf must make it (a column absent, a value refused). */
function partRead<T extends object>(em: EntityManager, meta: EntityMetadata<T>, steps: readonly PartStep[], row: Record<string, unknown>, refs: Record<string, object | null>): T | null {
  const own: Record<string, unknown> = {};
  try {
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      let value = row[step.source];
      if (value === undefined) return null;
      if (step.boolean && value !== null) value = !!value;
      else if (step.date) value = step.date(value);
      // A string or number of a property of that type, not an enum: what plainValue's validation gives back.
      own[step.prop.name] = step.same !== null && typeof value === step.same ? value : plainValue(em, step.prop as EntityProperty<T>, value, refs, own);
    }
  } catch {
    return null;
  }
  return Object.setPrototypeOf(own, meta.prototype) as T;
}

/** Whether plainPartOf reads `entity`'s rows under `alias` with `columns` itself, not through plainOf (for the tests). */
export const readsPartDirectly = (em: EntityManager, entity: EntityClass<object>, alias: string, columns: string[]): boolean => partStepsOf(em, em.getMetadata().get(entity.name), alias, columns) !== null;

interface PartStep {
  prop: EntityProperty<any>;
  /** `alias__column`. */
  source: string;
  boolean: boolean;
  /** `string` or `number`: a plain scalar's type, whose values of that type plainValue gives back as they are. */
  same: string | null;
  /** A date's reading, as the driver's mapping reads one (EntityComparator's result mapper), or null. */
  date: ((value: unknown) => unknown) | null;
}

/** How the driver's mapping reads a date column (EntityComparator.getResultMapper's parseDate), for the platform's time zone. */
function dateReaderOf(em: EntityManager): (value: unknown) => unknown {
  const platform = em.getPlatform();
  const tz = platform.getTimezone();
  return (value) => {
    if (value == null || value instanceof Date) return value;
    if (typeof value === 'bigint') return platform.parseDate(Number(value));
    if (!tz || tz === 'local') return platform.parseDate(value as string);
    const text = value as string;
    if (typeof value === 'number' || text.includes('+') || text.lastIndexOf('-') > 10 || text.endsWith('Z')) return platform.parseDate(text);
    return platform.parseDate(text + tz);
  };
}

/** plainPartOf's steps for an entity's row under `alias` with `columns` (made once), or null where it must be plainOf. */
function partStepsOf(em: EntityManager, meta: EntityMetadata<any>, alias: string, columns: string[]): PartStep[] | null {
  const { names } = prefixedOf(alias, columns);
  let byColumns = partSteps.get(meta);
  if (!byColumns) partSteps.set(meta, (byColumns = new WeakMap()));
  let byAlias = byColumns.get(names);
  if (!byAlias) byColumns.set(names, (byAlias = new Map()));
  let steps = byAlias.get(alias);
  if (steps !== undefined) return steps;
  steps = [];
  const fields = new Set<string>();
  for (const prop of meta.props as EntityProperty<any>[]) for (const field of prop.fieldNames ?? []) fields.add(field);
  // Each column a property's own (the driver's mapping then copies no other key), and no property the driver maps by more than a copy.
  const plainMapping = !meta.polymorphs?.length && columns.every((c) => fields.has(c)) && (meta.props as EntityProperty<any>[]).every((prop) => !prop.fieldNames
    || (prop.fieldNames.length === 1 && !prop.embedded && prop.kind !== ReferenceKind.EMBEDDED));
  if (!plainMapping) {
    byAlias.set(alias, null);
    return null;
  }
  for (const prop of meta.hydrateProps as EntityProperty<any>[]) {
    const index = prop.fieldNames ? columns.indexOf(prop.fieldNames[0]) : -1;
    if (index < 0) continue;
    const date = prop.runtimeType === 'Date' && !em.getPlatform().isNumericProperty(prop);
    const scalar = prop.kind === ReferenceKind.SCALAR && !prop.customType && !prop.enum && (prop.runtimeType === 'string' || prop.runtimeType === 'number');
    steps.push({ prop, source: names[index], boolean: prop.runtimeType === 'boolean', same: scalar ? prop.runtimeType : null, date: date ? dateReaderOf(em) : null });
  }
  byAlias.set(alias, steps);
  return steps;
}

/** partStepsOf's answers, by the entity's metadata, the prefixed names (prefixedOf's, kept) and the alias. */
const partSteps = new WeakMap<object, WeakMap<string[], Map<string, PartStep[] | null>>>();

function plainValue<T extends object>(em: EntityManager, prop: EntityProperty<T>, value: unknown, refs: Record<string, object | null>, data: Record<string, unknown>): unknown {
  if (prop.ref || prop.embedded || prop.mapToPk) throw new Error(`plainOf: ${prop.name} is a ${prop.ref ? 'wrapped reference' : prop.embedded ? 'embedded' : 'primary-key'} property, which it does not make.`);
  if (prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE) {
    if (prop.name in refs) return refs[prop.name];
    if (value === null || value === undefined) return value;
    return registers.get(em)?.get(prop.type)?.get(String(value)) ?? em.getReference(prop.type, value as never);
  }
  if (value === null || value === undefined) return value;
  if (prop.customType) return prop.customType.convertToJSValue(value, em.getPlatform(), { mode: 'serialization' } as never);
  if (prop.runtimeType === 'boolean') return !!value;
  if (prop.runtimeType === 'Date' && !(value instanceof Date)) throw new Error(`plainOf: ${prop.name} is a date without a type to read it by.`);
  return em.getValidator().validateProperty(prop, value, data);
}

/** The persisted columns of an entity (scalars and the foreign keys it owns): a whole row, for a raw SELECT. */
export function columnsOf(em: EntityManager, entity: string): string[] {
  const meta = em.getMetadata().find(entity)!;
  let columns = entityColumns.get(meta);
  if (!columns) {
    columns = meta.props
      .filter((p) => p.persist !== false && (p.kind === ReferenceKind.SCALAR || p.kind === ReferenceKind.MANY_TO_ONE || (p.kind === ReferenceKind.ONE_TO_ONE && p.owner)))
      .flatMap((p) => p.fieldNames ?? []);
    entityColumns.set(meta, columns);
  }
  return columns;
}

/** columnsOf's answers, by the entity's metadata (made once per ORM: the list must not be changed). */
const entityColumns = new WeakMap<object, string[]>();

/** Several tables' rows in one statement: each column as `alias__column` (`part` takes one table's row back out). */
export const prefixedColumns = (alias: string, columns: string[]): string => prefixedOf(alias, columns).select;

/** One table's row out of a statement that selected `prefixedColumns(alias, columns)`. */
export function part(row: Record<string, unknown>, alias: string, columns: string[]): Record<string, unknown> {
  const { names } = prefixedOf(alias, columns);
  const one: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) one[columns[i]] = row[names[i]];
  return one;
}

/**
 * A table's columns as `alias__column`, and its part of a select list, made once for a list of
 * columns and an alias: a report's statement text and every row it reads would make them again.
 */
function prefixedOf(alias: string, columns: string[]): { names: string[]; select: string } {
  let byAlias = prefixedByColumns.get(columns);
  if (!byAlias) prefixedByColumns.set(columns, (byAlias = new Map()));
  let prefixed = byAlias.get(alias);
  if (!prefixed || prefixed.names.length !== columns.length) {
    const names = columns.map((c) => `${alias}__${c}`);
    byAlias.set(alias, (prefixed = { names, select: columns.map((c, i) => `${alias}.${c} AS ${names[i]}`).join(', ') }));
  }
  return prefixed;
}

/** prefixedOf's answers, by the list of columns (columnsOf's lists, kept for the ORM's life) and alias. */
const prefixedByColumns = new WeakMap<string[], Map<string, { names: string[]; select: string }>>();
