/**
 * Named prepared statements for the hottest reads and the view audit (case page, dossier, node
 * feed): drizzle builds each statement once per database handle instead of on every call, and
 * PostgreSQL parses and plans it once per connection. Measured at 5 M pages: planning the
 * dossier's page join cost ~1.3 ms of a ~3 ms query, and prepared statements halved the
 * dossier's database time and client CPU (bench/scale.bench.ts).
 *
 * Named statements need a direct connection, or PgBouncer ≥ 1.21 with
 * `max_prepared_statements` set when it pools in transaction mode. Imports only the Db type.
 */
import type { Db } from './db.ts';

/**
 * `build(db)` once per `db` (a transaction handle gets its own), cached weakly. The statement's
 * name must be unique in the code base and always name the same SQL text.
 */
export function preparedPerDb<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let stmt = cache.get(db);
    if (stmt === undefined) {
      stmt = build(db);
      cache.set(db, stmt);
    }
    return stmt;
  };
}
