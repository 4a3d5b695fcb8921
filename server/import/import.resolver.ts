import { Readable } from 'node:stream';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../context.js';
import { badInput } from '../errors/domain-error.js';
import { IMPORT_KINDS } from './kinds/registry.js';
import { runImport } from './import.service.js';
import { WORKER_MIN_BYTES } from './check-in-worker.js';
import { ImportReportResult } from './import.types.js';

/** The most CSV text one request may carry; bigger files go through `npx iom-hub import`. */
export const MAX_IMPORT_CSV_CHARS = 2_000_000;

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportReportResult, {
    description:
      `Imports CSV text (first row: headers) through the same checks as \`npx iom-hub import\`: every row checked and written in one transaction, or nothing if any row has a problem. ` +
      `Kinds: ${IMPORT_KINDS.map((k) => k.name).join(', ')}. For small files (up to ${MAX_IMPORT_CSV_CHARS.toLocaleString('en-GB')} characters).`,
  })
  async importRows(
    @Arg('kind', () => String) kind: string,
    @Arg('csv', () => String, { description: 'The file as CSV text, UTF-8, header row first.' }) csv: string,
    @Arg('partnership', () => String, { nullable: true, description: 'The partnership for rows without a Partnership column.' }) partnership: string | null,
    @Arg('dryRun', () => Boolean, { defaultValue: false, description: 'Check and count without writing.' }) dryRun: boolean,
    @Arg('fileName', () => String, { nullable: true, description: 'Named in the report and the audit log.' }) fileName: string | null,
    @Ctx() { em }: HubContext,
  ): Promise<ImportReportResult> {
    if (csv.length > MAX_IMPORT_CSV_CHARS) throw badInput('csv', `at most ${MAX_IMPORT_CSV_CHARS} characters (got ${csv.length}); import bigger files with npx iom-hub import.`);
    const bytes = Buffer.from(csv, 'utf8');
    const report = await runImport(em, {
      kind,
      partnership,
      dryRun,
      source: { format: 'csv', name: fileName?.trim() || `${kind}.csv`, open: () => Readable.from([bytes]), size: bytes.length },
      // The hub goes on answering requests meanwhile: a big file is checked off its event loop, whatever the database.
      worker: bytes.length >= WORKER_MIN_BYTES,
    });
    return ImportReportResult.from(report);
  }
}
