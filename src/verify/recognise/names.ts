/**
 * The last resort for untyped JavaScript: names that, by convention, hold a request, a response, a
 * database handle or a logger. A recognition made from these is reported as inferred from a name.
 */
export const conventionalNames = {
  request: /^(req|request|incoming)$/,
  /** Koa's and Hono's context, only where the function is in a handler's place. */
  context: /^(ctx|context|c)$/,
  response: /^(res|response|reply|resp|rep)$/,
  sqlHandle:
    /(^|\.|_)(db|database|sql|sqlite|pool|client|conn|connection|knex|trx|tx|transaction|prisma|pg|mysql|queryRunner|manager|dataSource|sequelize|connectionPool)$/i,
  nosqlHandle: /(^|\.)(collection|[a-z]*Collection|[a-z]*Model|model|mongoose\.model\(.*\))$/,
  logger: /(^|\.)(log|logger|winston|pino|bunyan|fastify\.log|request\.log|req\.log)$/i,
  /** Parameters that hold services or framework objects rather than data a caller passes. */
  service:
    /^(db|pool|client|conn|connection|knex|trx|tx|prisma|sql|logger|log|res|response|reply|next|app|router|server|fastify|instance|fs|cb|callback|done|repo|repository|model|collection|redis|cache|store|emitter|socket|ws|io|browser|page|ctx|context|req|request|c|env|signal|opts|options|config)$/i,
} as const;

/** Route-registering methods of web frameworks: `app.get(path, handler)`, `router.use(handler)`. */
export const routeMethods: ReadonlySet<string> = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'all',
  'use',
  'head',
  'options',
  'route',
  'handle',
  'on',
]);

/** Exported functions a file-based router calls per request: Next's and SvelteKit's `GET`, `POST`… */
export const httpVerbExports: ReadonlySet<string> = new Set([
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
]);

/** Request properties that hold what the client sent, across Express, Fastify, Koa, Node http and Next. */
export const requestInputProperties: ReadonlySet<string> = new Set([
  'query',
  'params',
  'body',
  'headers',
  'cookies',
  'signedCookies',
  'url',
  'originalUrl',
  'path',
  'hostname',
  'querystring',
  'search',
  'files',
  'file',
  'rawBody',
  'nextUrl',
  'rawHeaders',
]);
