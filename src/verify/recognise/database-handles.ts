import type ts from 'typescript';
import { expressionKnowledge, hasOrigin, type TypeKnowledge } from './declared-origin.js';

/** What language a database handle speaks: SQL text, or query objects (MongoDB filters). */
export type DatabaseLanguage = 'sql' | 'nosql';

export interface DatabaseHandle {
  package: string;
  language: DatabaseLanguage;
  /** A prepared statement: its run/get/all take values, never SQL text. */
  prepared: boolean;
}

const sqlPackages = new Set([
  'pg',
  'pg-pool',
  'mysql',
  'mysql2',
  'mysql2/promise',
  'better-sqlite3',
  'sqlite3',
  'sqlite',
  'knex',
  '@prisma/client',
  'sequelize',
  'kysely',
  'typeorm',
  'postgres',
  'mssql',
  'oracledb',
]);
const nosqlPackages = new Set(['mongodb', 'mongoose']);
const preparedNames = new Set(['Statement', 'PreparedStatement']);
/** Query builders take values, not SQL, in their ordinary methods; only `*Raw` methods take text. */
const builderNames = new Set(['QueryBuilder', 'QueryInterface', 'ChainableInterface', 'SelectQueryBuilder']);

/** The language of a database package's handles, for values made from it in untyped code. */
export function databaseLanguageOfPackage(name: string): DatabaseLanguage | undefined {
  if (sqlPackages.has(name)) return 'sql';
  return nosqlPackages.has(name) ? 'nosql' : undefined;
}

/** Whether a package talks to a database: its calls' results are stored data, not what went in. */
export function isDatabasePackage(name: string): boolean {
  return sqlPackages.has(name) || nosqlPackages.has(name) || name === 'redis' || name === 'ioredis';
}

/** The database handle a type belongs to, by the package that declares it. */
export function databaseHandleOfKnowledge(knowledge: TypeKnowledge): DatabaseHandle | undefined {
  const sql = hasOrigin(knowledge, sqlPackages);
  if (sql) return { package: sql.package, language: 'sql', prepared: preparedNames.has(sql.name) };
  const nosql = hasOrigin(knowledge, nosqlPackages);
  if (nosql) return { package: nosql.package, language: 'nosql', prepared: false };
  return undefined;
}

/** The database handle an expression is (a pg Pool, a knex builder, a Mongoose model…), if any. */
export function databaseHandleOf(
  checker: ts.TypeChecker,
  expression: ts.Expression,
): DatabaseHandle | undefined {
  return databaseHandleOfKnowledge(expressionKnowledge(checker, expression));
}

/** Whether a handle is a query builder, whose plain methods bind their values. */
export function isQueryBuilder(knowledge: TypeKnowledge): boolean {
  return hasOrigin(knowledge, sqlPackages, builderNames) !== undefined;
}
