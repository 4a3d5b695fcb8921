import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../context.js';

/**
 * A mutation whose field returned has committed its change; an error in a field of its answer
 * (`updateNominal { identity { name } }`) must not read as if the change failed. Such an error is
 * told as what it is: the change was saved, that part of the answer could not be given.
 */
export function committedWritesPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, response }) {
          if (operation?.operation !== 'mutation' || response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const { singleResult } = response.body;
          singleResult.errors = singleResult.errors!.map((error) =>
            error.extensions?.code === 'INTERNAL_SERVER_ERROR' && (error.path?.length ?? 0) > 1
              ? {
                  ...error,
                  message: `The change was saved (${error.path![0]}), but this part of its answer could not be given; read it again with a query.`,
                  extensions: { code: 'SAVED_ANSWER_INCOMPLETE' },
                }
              : error,
          );
        },
      };
    },
  };
}
