import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.js';
import { isConnectionError } from '../db/read-connection.js';
import { parseReadReplicas, ReadLanes, replicaOptions } from './replicas.js';

describe('IOM_HUB_DB_READ_REPLICAS', () => {
  it('takes comma-separated postgres:// URLs next to a PostgreSQL primary', () => {
    const env = { DATABASE_URL: 'postgres://iom@primary:5432/iom_hub', IOM_HUB_DB_READ_REPLICAS: 'postgres://iom:pw@replica-a:5432/iom_hub, postgresql://iom@replica-b/iom_hub' };
    expect(readConfig(env).readReplicas).toEqual(['postgres://iom:pw@replica-a:5432/iom_hub', 'postgresql://iom@replica-b/iom_hub']);
    expect(replicaOptions(readConfig(env).readReplicas).map((r) => r.name)).toEqual(['replica-1', 'replica-2']);
  });

  it('is empty when unset or blank: everything reads the primary', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://iom@primary/iom_hub' }).readReplicas).toEqual([]);
    expect(parseReadReplicas(' , ', 'postgresql')).toEqual([]);
  });

  it('is refused at start on SQLite, saying why', () => {
    expect(() => readConfig({ DATABASE_URL: 'sqlite:./data/hub.sqlite', IOM_HUB_DB_READ_REPLICAS: 'postgres://iom@replica/iom_hub' })).toThrow(
      'IOM_HUB_DB_READ_REPLICAS needs DATABASE_URL=postgres://…: read replicas are a PostgreSQL feature (a SQLite file has no replicas). Unset it, or move the hub to PostgreSQL.',
    );
    expect(() => readConfig({ IOM_HUB_DB_READ_REPLICAS: 'postgres://iom@replica/iom_hub' })).toThrow(/needs DATABASE_URL=postgres/);
  });

  it('names a URL it cannot read, without its password', () => {
    expect(() => parseReadReplicas('postgres://iom:secret@replica', 'postgresql')).toThrow('IOM_HUB_DB_READ_REPLICAS "postgres://iom:***@replica" is not a postgres://user:password@host:port/database URL (separate several with commas).');
  });
});

describe('a replica that could not be reached', () => {
  it('is told by its error: refused, timed out, lost, or lost before a statement held across the loss was sent', () => {
    const lost = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' }),
      new Error('timeout expired'),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('Client was closed and is not queryable'),
    ];
    for (const error of lost) expect(isConnectionError(error), error.message).toBe(true);
    expect(isConnectionError(Object.assign(new Error('division by zero'), { code: '22012' }))).toBe(false);
    expect(isConnectionError(Object.assign(new Error('invalid snapshot identifier: "00000003-0000001B-1"'), { code: '22023' }))).toBe(false);
  });
});

describe('choosing a reader connection', () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 2));

  it('does not queue a report\'s reads sent at once behind a statement already running, when another connection started later', async () => {
    const lanes = new ReadLanes(['short', 'long-a', 'long-b']);
    // A statement the lanes have never timed goes to the idle short lane, and turns out long.
    expect(lanes.choose('long one', ['short', 'long-a', 'long-b'])).toBe('short');
    lanes.started('short');
    await tick();
    // Four reads of one report at once: the idle long lanes first, then never the connection running the oldest statement.
    const chosen: string[] = [];
    for (const read of ['a', 'b', 'c', 'd']) {
      const connection = lanes.choose(read, ['short', 'long-a', 'long-b']);
      lanes.started(connection);
      chosen.push(connection);
      await tick();
    }
    expect(chosen.slice(0, 2).sort()).toEqual(['long-a', 'long-b']);
    expect(chosen.slice(2)).not.toContain('short');
  });

  it('keeps short statements on the short lane while long ones fill every other', () => {
    const lanes = new ReadLanes(['short', 'long-a', 'long-b']);
    lanes.finished('long-a', 'long one', lanes.started('long-a') - 100); // it took 100 ms: known long
    for (let i = 0; i < 3; i++) lanes.started(lanes.choose('long one', ['short', 'long-a', 'long-b']), lanes.isLong('long one'));
    expect(lanes.busy('short')).toBe(0);
    const first = lanes.choose('short one', ['short', 'long-a', 'long-b']);
    lanes.started(first);
    expect(first).toBe('short');
    lanes.started(lanes.choose('short two', ['short', 'long-a', 'long-b']));
    // One long lane has one long statement, the short lane two short ones: the third short one still waits on the short lane.
    expect(lanes.busy('short')).toBe(2);
    expect(lanes.choose('short three', ['short', 'long-a', 'long-b'])).toBe('short');
  });
});
