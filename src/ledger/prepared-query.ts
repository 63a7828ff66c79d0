import type { Compilable, CompiledQuery, DialectAdapter, Kysely, QueryResult } from './kysely.js';
import type { LedgerDatabase } from './schema.js';

// Control characters keep a placeholder from ever equalling a value a caller passes.
const placeholderPrefix = '\u0000baton-parameter\u0000';

interface Compiled<Values> {
  query: CompiledQuery<unknown>;
  /** For each of the query's parameters, the value it takes, or undefined to keep the compiled one. */
  slots: (keyof Values | undefined)[];
}

/** A query built and compiled once per dialect, then run with new values. */
export interface PreparedQuery<Values, Row> {
  execute(db: Kysely<LedgerDatabase>, values: Values): Promise<QueryResult<Row>>;
}

/**
 * Prepares a hot query: `build` is called once per dialect with `value(name)` standing in for each
 * value, and later runs only fill in the parameters. Building and compiling a query with Kysely
 * costs more than SQLite running a one-row update, so the engine's per-step queries are prepared.
 * Only values that compile to one parameter each may be named (not lists of varying length).
 */
export function prepareQuery<Values extends Record<string, unknown>, Row = unknown>(
  build: (
    db: Kysely<LedgerDatabase>,
    value: <Name extends keyof Values & string>(name: Name) => Values[Name],
  ) => Compilable<Row>,
): PreparedQuery<Values, Row> {
  // By adapter: every Kysely of one ledger, its transactions included, shares it and its plugins.
  const compiledByAdapter = new WeakMap<DialectAdapter, Compiled<Values>>();
  const compile = (db: Kysely<LedgerDatabase>): Compiled<Values> => {
    const named = new Map<string, keyof Values>();
    const query = build(db, (name) => {
      const placeholder = `${placeholderPrefix}${name}`;
      named.set(placeholder, name);
      return placeholder as never;
    }).compile() as CompiledQuery<unknown>;
    const slots = query.parameters.map((parameter) =>
      typeof parameter === 'string' ? named.get(parameter) : undefined,
    );
    if (new Set(slots.filter((slot) => slot !== undefined)).size !== named.size)
      throw new Error(`A prepared query lost a named value on compiling: ${query.sql}`);
    return { query, slots };
  };
  return {
    async execute(db, values) {
      const adapter = db.getExecutor().adapter;
      let compiled = compiledByAdapter.get(adapter);
      if (!compiled) {
        compiled = compile(db);
        compiledByAdapter.set(adapter, compiled);
      }
      const { query, slots } = compiled;
      const parameters = slots.map((slot, index) =>
        slot === undefined ? query.parameters[index] : (values[slot] ?? null),
      );
      return db.executeQuery<Row>({ ...query, parameters } as CompiledQuery<Row>);
    },
  };
}
