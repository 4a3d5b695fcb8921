import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../context.js';
import { explainAnswer } from './explain.js';
import { lineageOf, recordLineage } from './lineage.js';
import type { OperationDefinitionNode } from 'graphql';

/** A request that only runs a batch: each of its operations is recorded, not the batch itself. */
const onlyBatch = (operation: OperationDefinitionNode) => operation.selectionSet.selections.every((s) => s.kind === 'Field' && s.name.value === 'batch');

/**
 * An answer to a query made for a workbook's binding, or that asks, says what its figures are
 * (`extensions.iomHub`: data as at, query hash, measures); a query made for a workbook's binding (the lineage headers) is recorded against the
 * workbook once it has answered without errors. A failure to record is logged, never the caller's.
 */
export function reportsPlugin(logError: (error: unknown) => void = () => {}): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      const at = new Date();
      // Over HTTP, the headers; for an operation of a batch, the lineage the batch gave it.
      const lineage = request.http ? lineageOf((name) => request.http!.headers.get(name)) : (contextValue.lineage ?? null);
      // The batch's own operations record their lineage one by one (server/batch/run-batch.ts).
      contextValue.lineage = lineage;
      // Said for requests made for a workbook's binding, and for any request that asks (`"extensions": {"explain": true}`).
      const explain = lineage !== null || request.extensions?.explain === true;
      return {
        async willSendResponse({ operation, document, response, contextValue, schema }) {
          if (operation?.operation !== 'query' || !document || response.body.kind !== 'single') return;
          const { singleResult } = response.body;
          const query = request.query ?? '';
          if (explain) singleResult.extensions = { ...singleResult.extensions, iomHub: explainAnswer(schema, document, query, request.variables, at) };
          if (!lineage || singleResult.errors?.length || singleResult.data == null || onlyBatch(operation)) return;
          try {
            await recordLineage(contextValue.em, lineage, query, at);
          } catch (error) {
            logError(error);
          }
        },
      };
    },
  };
}
