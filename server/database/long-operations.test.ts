import { describe, expect, it } from 'vitest';
import { parse, type OperationDefinitionNode } from 'graphql';
import { LONG_OPERATION_MS, LongOperations, longOperations, operationKey } from './long-operations.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('long operations take turns', () => {
  it('lets a short report through at once while long ones wait for a turn', async () => {
    const long = new LongOperations(1);
    (await long.start('priorityCrimeRate'))(); // quick the first time: not long
    expect(long.isLong('priorityCrimeRate')).toBe(false);
    const end = await long.start('priorityCrimeRate');
    await sleep(LONG_OPERATION_MS + 10);
    end();
    expect(long.isLong('priorityCrimeRate')).toBe(true);

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

  it('knows an operation by its root fields, and reads IOM_HUB_LONG_OPERATIONS', () => {
    const operation = parse('query($p: String!) { reoffendingRates(partnership: $p) { rate } costShare(partnership: $p, financialYear: "2014/15") { version } }').definitions[0] as OperationDefinitionNode;
    expect(operationKey(operation)).toBe('costShare,reoffendingRates');
    expect(longOperations(undefined)).toBe(0);
    expect(longOperations('2')).toBe(2);
    expect(() => longOperations('two')).toThrow('IOM_HUB_LONG_OPERATIONS must be a whole number from 0 to 1000 (got "two").');
  });
});
