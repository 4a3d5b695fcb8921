import type { GraphQLResolveInfo } from 'graphql';

/** The nominal a nominal-level row is about, for each type that is one (the rest are parts of these). */
export const NOMINAL_OF: Readonly<Record<string, (row: any) => number | undefined>> = {
  Nominal: (nominal) => nominal.id,
  NominalIdentity: (identity) => identity.nominal?.id,
  Referral: (referral) => referral.nominal?.id,
  Membership: (membership) => membership.nominal?.id,
  Offence: (offence) => offence.nominal?.id,
  StatusReview: (review) => review.membership?.nominal?.id,
  ReviewDueResult: (due) => due.membership?.nominal?.id,
};

interface Read {
  operation: string;
  /** Nominal id → whether its identity was in the answer. */
  nominals: Map<number, boolean>;
  /** Rows whose nominal is not known here (counted, so no row goes unrecorded). */
  unidentified: number;
  seen: WeakSet<object>;
}

/** The response key of the query or mutation field a resolved field is under. */
function rootKey(info: GraphQLResolveInfo): string | number {
  let path = info.path;
  while (path.prev) path = path.prev;
  return path.key;
}

/**
 * Which nominals one request's answer holds, noted as its fields resolve (authorize.ts calls
 * `note` for every field of a nominal-level row), by the query or mutation field they are under.
 * When the answer is ready, `auditReadsPlugin` writes one audit entry per such field: who, which
 * nominals, and whether their identities were shown. Queries and mutations' answers alike.
 */
export class NominalReads {
  private readonly reads = new Map<string | number, Read>();

  /** A query or mutation field starts resolving. */
  begin(info: GraphQLResolveInfo): void {
    this.beginField(info.path.key, info.fieldName);
  }

  /** The query or mutation field `operation`, answered under the response key `key`, starts resolving. */
  beginField(key: string | number, operation: string): void {
    if (!this.reads.has(key)) this.reads.set(key, { operation, nominals: new Map(), unidentified: 0, seen: new WeakSet() });
  }

  /** A field of `row` (a `type` row) resolves; `identity`: it is an identity value the caller sees. */
  note(info: GraphQLResolveInfo, type: string, row: object, identity = false): void {
    this.noteRow(rootKey(info), type, row, identity);
  }

  /** Rows noted one after another under `key`, as `note` notes them (none an identity value): `pairs` is a type, a row, a type, a row… */
  notePairs(key: string | number, pairs: readonly unknown[]): void {
    for (let i = 0; i < pairs.length; i += 2) this.noteRow(key, pairs[i] as string, pairs[i + 1] as object, false);
  }

  /** Rows of `type` noted one after another under `key`, as notePairs notes them, each given by its nominal's id (none an identity value). */
  noteNominals(key: string | number, nominals: readonly number[]): void {
    const read = this.reads.get(key);
    if (!read) return;
    for (const nominal of nominals) read.nominals.set(nominal, read.nominals.get(nominal) ?? false);
  }

  private noteRow(key: string | number, type: string, row: object, identity: boolean): void {
    const read = this.reads.get(key);
    if (!read || (!identity && read.seen.has(row))) return;
    read.seen.add(row);
    const nominal = NOMINAL_OF[type]?.(row);
    if (nominal === undefined) read.unidentified++;
    else read.nominals.set(nominal, identity || (read.nominals.get(nominal) ?? false));
  }

  /** The fields whose answer held nominal-level rows. */
  collected(): { operation: string; nominals: ReadonlyMap<number, boolean> | number }[] {
    return [...this.reads.values()]
      .filter((read) => read.nominals.size || read.unidentified)
      .map((read) => ({ operation: read.operation, nominals: read.unidentified ? read.nominals.size + read.unidentified : read.nominals }));
  }
}
