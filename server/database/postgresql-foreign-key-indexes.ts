import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

/**
 * MikroORM indexes every foreign key on SQLite but not on PostgreSQL, where it leaves that to the
 * schema's author. The hub's lists and measures look rows up by their parent (a nominal's
 * offences, a membership's reviews), so PostgreSQL gets the same indexes as SQLite: the two
 * engines' schemas have the same indexes, and their plans the same shape.
 */
PostgreSqlPlatform.prototype.indexForeignKeys = function indexForeignKeys(): boolean {
  return true;
};
