import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../context.js';
import { recordNominalReads } from './audit.subscriber.js';
import { longAnswerTurns } from './long-answers.js';

/**
 * Writes a request's reads of nominal-level data to the audit log before its answer leaves the
 * hub. If they cannot be written, the answer is withheld: nothing nominal-level goes out unrecorded.
 */
export function auditReadsPlugin(log: (error: unknown) => void = (error) => console.error(error)): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart({ contextValue }) {
      // A long answer built in this request takes a turn (./long-answers.ts), ended once its reads are written.
      longAnswerTurns.admit(contextValue);
      return {
        async willSendResponse({ contextValue, response }) {
          const reads = contextValue.reads?.collected() ?? [];
          try {
            if (reads.length) await recordNominalReads(contextValue.em, reads);
          } catch (error) {
            log(error);
            response.body = {
              kind: 'single',
              singleResult: { errors: [{ message: 'The answer holds nominal-level data and its reading could not be recorded in the audit log, so it is withheld. Try again.', extensions: { code: 'AUDIT_UNAVAILABLE' } }] },
            };
            response.http.status = 503;
          } finally {
            longAnswerTurns.end(contextValue);
          }
        },
      };
    },
  };
}
