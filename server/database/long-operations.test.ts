import { describe, expect, it } from 'vitest';
import { parse, type OperationDefinitionNode } from 'graphql';
import { LONG_OPERATION_MS, LongOperations, RECENT_RUNS, isLongReport, longOperations, operationKey } from './long-operations.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const key = (source: string) => operationKey(parse(source).definitions[0] as OperationDefinitionNode);

describe('long operations take turns', () => {
  it('lets a short report through at once while long ones wait for a turn', async () => {
    const long = new LongOperations(1);
    expect(long.isLong('priorityCrimeRate')).toBe(true); // a long report from its first run
    expect(long.isLong('costShare')).toBe(false);

    const order: string[] = [];
    const first = await long.start('priorityCrimeRate'); // the one turn
    const second = long.start('priorityCrimeRate').then((done) => (order.push('second measure'), done));
    const finance = long.start('costShare').then((done) => (order.push('finance report'), done));
    (await finance)();
    expect(order).toEqual(['finance report']);
    first();
    (await second)();
    expect(order).toEqual(['finance report', 'second measure']);
    first(); // a second call changes nothing
    const third = await Promise.race([long.start('priorityCrimeRate'), sleep(50).then(() => null)]);
    expect(third).not.toBeNull(); // the turn came back
  });

  it('makes another operation long only when each of its last runs was long, so one slow finance report under load is not sent to wait', async () => {
    const long = new LongOperations(1);
    const run = async (operation: string, ms: number) => {
      const end = await long.start(operation);
      if (ms) await sleep(ms);
      end();
    };
    await run('costShare', 0);
    for (let i = 1; i < RECENT_RUNS; i++) await run('costShare', LONG_OPERATION_MS + 10);
    expect(long.isLong('costShare')).toBe(false); // one quick run among the last few
    await run('costShare', LONG_OPERATION_MS + 10);
    expect(long.isLong('costShare')).toBe(true); // every one of the last few long
    await run('costShare', 0);
    expect(long.isLong('costShare')).toBe(false);
  });

  it('knows an operation by its root fields: long when every one is a long report; reads IOM_HUB_LONG_OPERATIONS', () => {
    expect(key('query($p: String!) { reoffendingRates(partnership: $p) { rate } costShare(partnership: $p, financialYear: "2014/15") { version } }')).toBe('costShare,reoffendingRates');
    expect(isLongReport(key('{ reoffendingRates { rate } costShare(partnership: "a", financialYear: "2014/15") { version } }'))).toBe(false);
    expect(isLongReport(key('{ cohortSnapshot(partnership: "a") { total } priorityCrimeRate(partnership: "a") { rate } }'))).toBe(true);
    expect(isLongReport(key('{ ...F } fragment F on Query { costOfCrime { total } }'))).toBe(false);
    expect(longOperations(undefined)).toBe(2);
    expect(longOperations('0')).toBe(0);
    expect(() => longOperations('two')).toThrow('IOM_HUB_LONG_OPERATIONS must be a whole number from 0 to 1000 (got "two").');
  });
});
