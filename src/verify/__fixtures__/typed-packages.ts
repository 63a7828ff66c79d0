import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createFixtureProject, type FixtureProject, repositoryNodeModules } from './fixture-project.js';

/**
 * Declarations shaped like the real packages' own (same package names, same exported type names), cut
 * down to what the tests call: enough for the checker to say "this is express's Request".
 */
export const fakeDeclarations: Record<string, string> = {
  'node_modules/@types/express-serve-static-core/package.json':
    '{"name":"@types/express-serve-static-core","types":"index.d.ts"}',
  'node_modules/@types/express-serve-static-core/index.d.ts': `
export interface ParamsDictionary { [key: string]: string }
export interface Request<P = ParamsDictionary> {
  params: P;
  query: any;
  body: any;
  headers: Record<string, string | string[] | undefined>;
  get(name: string): string | undefined;
}
export interface Response {
  status(code: number): this;
  send(body?: any): this;
  json(body?: any): this;
  redirect(url: string): void;
  setHeader(name: string, value: string): this;
  type(type: string): this;
}
export type NextFunction = (error?: unknown) => void;
export type RequestHandler = (req: Request, res: Response, next: NextFunction) => unknown;
export interface Router {
  get(path: string, ...handlers: RequestHandler[]): this;
  post(path: string, ...handlers: RequestHandler[]): this;
  use(...handlers: RequestHandler[]): this;
}
export interface Express extends Router { listen(port: number): void }
`,
  'node_modules/@types/express/package.json': '{"name":"@types/express","types":"index.d.ts"}',
  'node_modules/@types/express/index.d.ts': `
import * as core from 'express-serve-static-core';
declare function e(): core.Express;
declare namespace e {
  interface Request extends core.Request {}
  interface Response extends core.Response {}
  type NextFunction = core.NextFunction;
  function Router(): core.Router;
}
export = e;
`,
  'node_modules/fastify/package.json': '{"name":"fastify","types":"fastify.d.ts"}',
  'node_modules/fastify/fastify.d.ts': `
export interface FastifyBaseLogger {
  info(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
}
export interface FastifyRequest { query: any; params: any; body: any; headers: Record<string, string | undefined>; log: FastifyBaseLogger }
export interface FastifyReply { code(status: number): this; send(payload?: unknown): this; type(contentType: string): this; header(name: string, value: string): this; redirect(url: string): this }
export type RouteHandler = (request: FastifyRequest, reply: FastifyReply) => unknown;
export interface FastifyPluginOptions { [key: string]: any }
export interface FastifyInstance {
  get(path: string, handler: RouteHandler): this;
  post(path: string, handler: RouteHandler): this;
  register<Options extends FastifyPluginOptions>(plugin: FastifyPluginAsync<Options>, options?: Options): this;
  log: FastifyBaseLogger;
}
export type FastifyPluginAsync<Options extends FastifyPluginOptions = Record<never, never>> = (instance: FastifyInstance, options: Options) => Promise<void>;
declare function fastify(options?: { logger?: boolean }): FastifyInstance;
export default fastify;
`,
  'node_modules/knex/package.json': '{"name":"knex","types":"types/index.d.ts"}',
  'node_modules/knex/types/index.d.ts': `
export declare namespace Knex {
  interface QueryBuilder<Record = any> extends Promise<Record[]> {
    where(conditions: object): QueryBuilder<Record>;
    where(column: string, value: unknown): QueryBuilder<Record>;
    whereRaw(sql: string, bindings?: unknown[]): QueryBuilder<Record>;
    first(): Promise<Record | undefined>;
    count(column?: string): QueryBuilder<Record>;
  }
  interface Raw<Result = any> extends Promise<Result> {}
}
export interface Knex {
  <Record = any>(table: string): Knex.QueryBuilder<Record>;
  raw<Result = any>(sql: string, bindings?: unknown[]): Knex.Raw<Result>;
}
export declare function knex(config: object): Knex;
export default knex;
`,
  'node_modules/mongoose/package.json': '{"name":"mongoose","types":"types/index.d.ts"}',
  'node_modules/mongoose/types/index.d.ts': `
export class Schema { constructor(definition: object); }
export interface Query<Result> extends Promise<Result> { exec(): Promise<Result> }
export interface Model<Document> {
  find(filter: object): Query<Document[]>;
  findOne(filter: object): Query<Document | null>;
  findById(id: unknown): Query<Document | null>;
  countDocuments(filter: object): Query<number>;
  count(filter: object): Query<number>;
}
export declare function model<Document>(name: string, schema: Schema): Model<Document>;
`,
  'node_modules/pino/package.json': '{"name":"pino","types":"pino.d.ts"}',
  'node_modules/pino/pino.d.ts': `
declare namespace pino {
  interface LogFn { (message: string, ...rest: unknown[]): void; (fields: object, message?: string): void }
  interface BaseLogger { info: LogFn; warn: LogFn; error: LogFn; debug: LogFn }
  interface LoggerExtras { child(bindings: object): Logger }
  type Logger = BaseLogger & LoggerExtras;
}
declare function pino(options?: object): pino.Logger;
export = pino;
`,
  'node_modules/sanitize-filename/package.json': '{"name":"sanitize-filename","types":"index.d.ts"}',
  'node_modules/sanitize-filename/index.d.ts': `
declare function sanitize(input: string, options?: { replacement?: string }): string;
export = sanitize;
`,
  'node_modules/@types/escape-html/package.json': '{"name":"@types/escape-html","types":"index.d.ts"}',
  'node_modules/@types/escape-html/index.d.ts': `
declare function escapeHtml(html: string): string;
export = escapeHtml;
`,
};

/** Installed packages with their own real declarations, linked from Baton's node_modules. */
const realPackages = [
  'pg',
  '@types/pg',
  'pg-protocol',
  'pg-types',
  '@types/node',
  'undici-types',
  'hono',
  '@types/aws-lambda',
];

export const typedTsconfig = JSON.stringify({
  compilerOptions: {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    strict: true,
    skipLibCheck: true,
    esModuleInterop: true,
    allowJs: true,
    types: ['node'],
  },
  include: ['src'],
});

/** A project whose node_modules holds the fake declaration packages above and a few real ones. */
export function createTypedProject(files: Record<string, string>): FixtureProject {
  const project = createFixtureProject({
    linkNodeModules: false,
    files: {
      'package.json': JSON.stringify({ name: 'typed-app', type: 'module' }),
      'tsconfig.json': typedTsconfig,
      ...fakeDeclarations,
      ...files,
    },
  });
  for (const name of realPackages) {
    const target = join(project.root, 'node_modules', name);
    mkdirSync(join(target, '..'), { recursive: true });
    symlinkSync(join(repositoryNodeModules, name), target, 'dir');
  }
  return project;
}
