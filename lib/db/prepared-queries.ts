import type postgres from "postgres";

// Drizzle hands postgres.js each ad-hoc query with `prepare: false` (drizzle-orm's postgres-js
// session prepares only queries given a name). postgres.js then sends it unnamed and, when it has
// parameters, asks PostgreSQL to describe it before binding: two round trips per query, and a
// parse and plan each time. Preparing them (postgres.js keeps one named statement per distinct
// text on each connection, as it does for its own tagged templates) makes a repeated query one
// round trip that reuses its parse. Statements with many parameters (bulk inserts of seeds and
// backfills) are rarely repeated with the same text: they stay unnamed so a connection does not
// keep a plan for each. (A query without parameters already goes in one round trip: postgres.js
// sends it with the simple protocol.)
const MAX_PREPARED_PARAMETERS = 100;

type Unsafe = postgres.Sql["unsafe"];
type Begin = (...args: unknown[]) => unknown;

/** `sql`, with queries sent through `unsafe` prepared, in transactions and savepoints too. */
export function preparingQueries<S extends postgres.Sql | postgres.TransactionSql>(sql: S): S {
  return new Proxy(sql, {
    get(target, key, receiver) {
      if (key === "unsafe") {
        const unsafe: Unsafe = (query, parameters, options) =>
          target.unsafe(query, parameters, {
            ...options,
            prepare: (parameters?.length ?? 0) <= MAX_PREPARED_PARAMETERS,
          });
        return unsafe;
      }
      if (key === "begin" || key === "savepoint") {
        // The callback is the last argument (begin may take options first); it gets the wrapped
        // transaction so the queries Drizzle sends inside it are prepared as well.
        return (...args: unknown[]) => {
          const work = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return (Reflect.get(target, key) as Begin)(...args, (tx: postgres.TransactionSql) =>
            work(preparingQueries(tx)),
          );
        };
      }
      return Reflect.get(target, key, receiver);
    },
  });
}
