/**
 * Small installed packages for API-check fixtures, shaped like the real ones: a Mongoose-like ODM
 * with its own declarations, an Express-like server typed by a separate `@types` package, and a
 * CLI library with a class meant to be extended. Written into a fixture's node_modules.
 */
export const fakePackages: Record<string, string> = {
  'node_modules/mongoose/package.json': JSON.stringify({
    name: 'mongoose',
    version: '8.0.0',
    main: 'index.js',
    types: 'types/index.d.ts',
  }),
  'node_modules/mongoose/index.js': 'module.exports = {};\n',
  'node_modules/mongoose/types/index.d.ts': `
export interface Document {
  id: string;
  save(): Promise<this>;
  toObject(): Record<string, unknown>;
}
export interface Query<T> extends Promise<T> {
  exec(): Promise<T>;
  lean(): Query<T>;
}
export interface Model<T> {
  new (fields?: Partial<T>): Document;
  findOne(filter?: object): Query<Document | null>;
  findById(id: unknown): Query<Document | null>;
  find(filter?: object): Query<Document[]>;
  create(fields: object): Promise<Document>;
}
export interface VirtualType {
  get(getter: (this: Document) => unknown): this;
  set(setter: (this: Document, value: unknown) => void): this;
}
export declare class Schema<T = any> {
  constructor(definition?: object);
  statics: { [name: string]: (this: Model<T>, ...args: any[]) => any };
  methods: { [name: string]: (this: Document, ...args: any[]) => any };
  method(name: string, fn: (this: Document, ...args: any[]) => any): this;
  method(methods: { [name: string]: (this: Document, ...args: any[]) => any }): this;
  static(name: string, fn: (this: Model<T>, ...args: any[]) => any): this;
  static(statics: { [name: string]: (this: Model<T>, ...args: any[]) => any }): this;
  plugin(fn: (schema: Schema<T>) => void): this;
  virtual(name: string): VirtualType;
}
export declare function model<T = any>(name: string, schema?: Schema<T>): Model<T>;
export declare function connect(uri: string): Promise<unknown>;
declare const mongoose: { Schema: typeof Schema; model: typeof model; connect: typeof connect };
export default mongoose;
`,
  'node_modules/express/package.json': JSON.stringify({
    name: 'express',
    version: '5.1.0',
    main: 'index.js',
  }),
  'node_modules/express/index.js': 'module.exports = function express() { return {}; };\n',
  'node_modules/@types/express/package.json': JSON.stringify({
    name: '@types/express',
    version: '5.0.3',
    types: 'index.d.ts',
  }),
  'node_modules/@types/express/index.d.ts': `
declare namespace e {
  interface Request {
    params: Record<string, string>;
    query: Record<string, string | undefined>;
    body: any;
    get(header: string): string | undefined;
  }
  interface Response {
    send(body?: unknown): this;
    json(body?: unknown): this;
    status(code: number): this;
    redirect(url: string): void;
  }
  type NextFunction = (error?: unknown) => void;
  type Handler = (request: Request, response: Response, next: NextFunction) => void;
  interface Router {
    get(path: string, ...handlers: Handler[]): this;
    post(path: string, ...handlers: Handler[]): this;
    use(...handlers: Handler[]): this;
  }
  interface Application extends Router {
    listen(port: number, callback?: () => void): unknown;
  }
  function Router(): Router;
}
declare function e(): e.Application;
export = e;
`,
  'node_modules/cli-kit/package.json': JSON.stringify({
    name: 'cli-kit',
    version: '2.0.0',
    type: 'module',
    exports: { '.': { types: './index.d.ts', default: './index.js' } },
  }),
  'node_modules/cli-kit/index.js': 'export class Command {}\n',
  'node_modules/cli-kit/index.d.ts': `
export declare class Command {
  constructor(name?: string);
  name(): string;
  option(flags: string, description?: string): this;
  action(handler: (this: Command, command: Command) => void): this;
  opts(): Record<string, unknown>;
  parse(argv?: readonly string[]): this;
  configure(settings: { term?: (command: Command) => string; sort?: boolean }): this;
  list(): Promise<Command[]>;
}
`,
};

/** A package.json that declares every fake package, so the package rules stay quiet. */
export const fakeManifest = JSON.stringify({
  name: 'fixture-app',
  private: true,
  dependencies: { mongoose: '^8.0.0', express: '^5.1.0', 'cli-kit': '^2.0.0' },
  devDependencies: { '@types/express': '^5.0.3' },
});
