import type { ApolloServerPlugin } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { HubContext } from '../context.js';
import { recordNominalReads } from './audit.subscriber.js';
import { longAnswerTurns } from './long-answers.js';

/** An answer's JSON text made while its reads were committed, for the result whose fields it was made from. */
interface MadeText {
  data: unknown;
  errors: unknown;
  extensions: unknown;
  text: string;
}

/** Answers whose text was made while their audit entry committed, by their `data` (dropped with it). */
const madeTexts = new WeakMap<object, MadeText>();

/** How many answers went out as the text made while their reads were committed, since the hub started (for the tests). */
export const madeTextCounts = { sent: 0 };

/** Answers' `data` whose text was made already (dataOfText), with that text. */
const dataTexts = new WeakMap<object, string>();

/**
 * Apollo's text of a result whose `data` holds `key` alone, around the JSON text of its value: the
 * text before the value and the text after it.
 */
export function answerFrame(key: string): readonly [string, string] {
  return [`{"data":{${JSON.stringify(key)}:`, '}}\n'];
}

/**
 * An answer's `data` holding one key whose value is given as its JSON text (a plain list's text
 * made by SQLite, server/access/plain-text.ts): `answer` is Apollo's whole text of a result with
 * this data and no errors or extensions, the value's text in its frame (answerFrame), and is that
 * result's text without the value being read again. The value is read out of the text (JSON.parse)
 * only by whatever looks at it.
 *
 * The answer is given whole, one string made at once, so that it is the one copy of the list's text
 * the request keeps until it is sent: a text made of the list's text and its frame would be copied
 * again where it is written out, and these strings (hundreds of kilobytes) outlive the audit's
 * commit, so are moved to the old generation, where only a full collection frees them.
 */
export function dataOfText(key: string, answer: string): Record<string, unknown> {
  const [before, after] = answerFrame(key);
  if (!answer.startsWith(before) || !answer.endsWith(after)) throw new Error(`an answer's text not in its frame for ${key}`);
  const data: Record<string, unknown> = {};
  let value: unknown;
  let parsed = false;
  Object.defineProperty(data, key, {
    enumerable: true,
    get: () => {
      if (!parsed) [value, parsed] = [JSON.parse(answer.slice(before.length, answer.length - after.length)), true];
      return value;
    },
  });
  dataTexts.set(data, answer);
  return data;
}

/** Apollo's own JSON text of a result (its `prettyJSONStringify`), taken from dataOfText's text when the result is its data alone. */
const jsonText = (result: FormattedExecutionResult) => {
  const made = result.data && result.errors === undefined && result.extensions === undefined ? dataTexts.get(result.data) : undefined;
  if (made !== undefined && Object.keys(result.data!).length === 1 && Object.keys(result).every((key) => key === 'data' || key === 'errors' || key === 'extensions')) return made;
  return `${JSON.stringify(result)}\n`;
};

/**
 * Apollo's `stringifyResult`: the text made while the answer's reads were committed
 * (auditReadsPlugin), when the result is still made of the very same parts, else the text as Apollo
 * makes it. The same characters either way.
 */
export function stringifyAnswer(result: FormattedExecutionResult): string {
  const made = result.data ? madeTexts.get(result.data) : undefined;
  if (made && made.data === result.data && made.errors === result.errors && made.extensions === result.extensions) {
    madeTexts.delete(result.data!);
    madeTextCounts.sent++;
    return made.text;
  }
  return jsonText(result);
}

/**
 * Writes a request's reads of nominal-level data to the audit log before its answer leaves the
 * hub. If they cannot be written, the answer is withheld: nothing nominal-level goes out unrecorded.
 *
 * While the entry's transaction commits (the database's own work: SQLite's fsync in the driver's
 * thread, PostgreSQL's at the server), the answer's JSON text is made on the event loop, as Apollo
 * would make it afterwards; it is handed to Apollo (stringifyAnswer) only once the commit has
 * succeeded. A failed commit drops it, and the answer is withheld as before.
 */
export function auditReadsPlugin(log: (error: unknown) => void = (error) => console.error(error)): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart({ contextValue }) {
      // A long answer built in this request takes a turn (./long-answers.ts), ended once its reads are written.
      longAnswerTurns.admit(contextValue);
      return {
        async willSendResponse({ contextValue, response }) {
          const reads = contextValue.reads?.collected() ?? [];
          let made: MadeText | undefined;
          let committed = false;
          const makeText = () => {
            // Too late to be of use once the commit is over: Apollo makes it as usual.
            if (committed || response.body.kind !== 'single' || !response.body.singleResult.data) return;
            const result = response.body.singleResult;
            try {
              made = { data: result.data, errors: result.errors, extensions: result.extensions, text: jsonText({ errors: result.errors, data: result.data, extensions: result.extensions }) };
            } catch {
              // Apollo makes it afterwards, and meets the same problem there.
            }
          };
          try {
            if (reads.length) await recordNominalReads(contextValue.em, reads, makeText);
            committed = true;
            if (made && response.body.kind === 'single' && response.body.singleResult.data === made.data) madeTexts.set(made.data as object, made);
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
