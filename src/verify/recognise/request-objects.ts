import type ts from 'typescript';
import { expressionKnowledge, hasOrigin, type TypeKnowledge, typeKnowledge } from './declared-origin.js';

/** The web frameworks whose request (or request-carrying context) objects Baton knows by type. */
export type RequestFramework = 'express' | 'koa' | 'fastify' | 'hono' | 'node-http' | 'next' | 'web';

/** Per package, the declared types whose values carry what a client sent. */
const requestTypes: readonly {
  framework: RequestFramework;
  packages: ReadonlySet<string>;
  names: ReadonlySet<string>;
}[] = [
  {
    framework: 'express',
    packages: new Set(['express', 'express-serve-static-core']),
    names: new Set(['Request']),
  },
  {
    framework: 'koa',
    packages: new Set(['koa', 'koa-router', '@koa/router']),
    names: new Set([
      'Context',
      'ParameterizedContext',
      'DefaultContext',
      'Request',
      'BaseRequest',
      'RouterContext',
    ]),
  },
  { framework: 'fastify', packages: new Set(['fastify']), names: new Set(['FastifyRequest']) },
  { framework: 'hono', packages: new Set(['hono']), names: new Set(['Context', 'HonoRequest']) },
  {
    framework: 'node-http',
    packages: new Set(['node:http', 'node:http2']),
    names: new Set(['IncomingMessage', 'Http2ServerRequest']),
  },
  { framework: 'next', packages: new Set(['next']), names: new Set(['NextRequest', 'NextApiRequest']) },
  // The Fetch API's Request, as Next route handlers, Workers and Deno servers receive it.
  { framework: 'web', packages: new Set(['typescript', 'undici-types']), names: new Set(['Request']) },
];

/** Framework objects that are configuration, never request data: the server instance, plugin options. */
const configurationTypes: readonly { packages: ReadonlySet<string>; names: ReadonlySet<string> }[] = [
  {
    packages: new Set(['fastify']),
    names: new Set([
      'FastifyInstance',
      'FastifyPluginOptions',
      'FastifyServerOptions',
      'FastifyReply',
      'RouteOptions',
    ]),
  },
  {
    packages: new Set(['express', 'express-serve-static-core']),
    names: new Set(['Application', 'Express', 'Router', 'Response', 'NextFunction']),
  },
  { packages: new Set(['koa']), names: new Set(['Application']) },
  { packages: new Set(['hono']), names: new Set(['Hono']) },
  { packages: new Set(['node:http']), names: new Set(['Server', 'ServerResponse']) },
];

/** The framework whose request type a type is, if any. */
export function requestFrameworkOfKnowledge(knowledge: TypeKnowledge): RequestFramework | undefined {
  for (const entry of requestTypes)
    if (hasOrigin(knowledge, entry.packages, entry.names)) return entry.framework;
  return undefined;
}

/** The framework whose request type an expression has, if any. */
export function requestFrameworkOf(
  checker: ts.TypeChecker,
  expression: ts.Expression,
): RequestFramework | undefined {
  return requestFrameworkOfKnowledge(expressionKnowledge(checker, expression));
}

/** Whether a type is a framework's configuration or server object rather than request data. */
export function isFrameworkConfiguration(checker: ts.TypeChecker, type: ts.Type): boolean {
  const knowledge = typeKnowledge(checker, type);
  return configurationTypes.some((entry) => hasOrigin(knowledge, entry.packages, entry.names) !== undefined);
}
