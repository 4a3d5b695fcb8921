import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.js';
import { parseReadReplicas, replicaOptions } from './replicas.js';

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
