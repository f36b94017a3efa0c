// Every query a prepared statement. postgres.js can prepare a statement once per connection and
// from then on only bind and execute it: one round trip. Drizzle asks for that only for the
// queries it names (`.prepare("name")`); all others go unnamed, and postgres.js then describes
// each one before running it: two round trips and two socket writes per query, every time.
// This client gives drizzle prepared statements for everything, in transactions too.
// (The statements a connection keeps go with it when postgres.js retires it, after 30–60 min.)
import type { Sql } from "postgres";

export function preparingEveryQuery<T extends Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, args?: never[], options?: object) => target.unsafe(query, args, { ...options, prepare: true });
      }
      if (property === "begin") {
        return (...args: unknown[]) => {
          const work = args.pop() as (tx: Sql) => unknown;
          return (target.begin as (...a: unknown[]) => unknown)(...args, (tx: Sql) => work(preparingEveryQuery(tx)));
        };
      }
      if (property === "savepoint") {
        return (...args: unknown[]) => {
          const work = args.pop() as (tx: Sql) => unknown;
          const savepoint = (target as unknown as { savepoint: (...a: unknown[]) => unknown }).savepoint;
          return savepoint(...args, (tx: Sql) => work(preparingEveryQuery(tx)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
