import { describe, expect, it } from 'vitest';
import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { createFormatError } from './format-error.js';
import { committedWritesPlugin } from './committed-writes.js';

const schema = buildSchema('type Query { ok: Boolean } type Mutation { save: Saved fail: Saved } type Saved { id: ID! broken: String! }');
const saved = { id: '7', broken: () => { throw new Error('SELECT … failed'); } };
const rootValue = { save: () => saved, fail: () => { throw new Error('constraint failed'); } };

async function run(query: string) {
  const server = new ApolloServer({ schema, rootValue, formatError: createFormatError(() => {}), plugins: [committedWritesPlugin()] });
  await server.start();
  try {
    const response = await server.executeOperation({ query });
    return response.body.kind === 'single' ? response.body.singleResult : null;
  } finally {
    await server.stop();
  }
}

describe('an error in the answer of a mutation that returned', () => {
  it('says the change was saved, not that it failed', async () => {
    const result = await run('mutation { save { id broken } }');
    expect(result?.data).toEqual({ save: null });
    expect(result?.errors).toEqual([expect.objectContaining({ path: ['save', 'broken'], extensions: { code: 'SAVED_ANSWER_INCOMPLETE' } })]);
    expect(result?.errors?.[0].message).toMatch(/^The change was saved \(save\)/);
  });

  it('leaves a mutation that failed, and queries, as they were', async () => {
    expect((await run('mutation { fail { id } }'))?.errors?.[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
