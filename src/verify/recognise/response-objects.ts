import type ts from 'typescript';
import { expressionKnowledge, hasOrigin, type TypeKnowledge } from './declared-origin.js';

/** How a response object sends its body: Express/Node write raw bytes, Fastify serialises, contexts set a body. */
export type ResponseKind = 'express' | 'node-http' | 'fastify' | 'koa-context' | 'hono-context';

const responseTypes: readonly {
  kind: ResponseKind;
  packages: ReadonlySet<string>;
  names: ReadonlySet<string>;
}[] = [
  {
    kind: 'express',
    packages: new Set(['express', 'express-serve-static-core']),
    names: new Set(['Response']),
  },
  {
    kind: 'node-http',
    packages: new Set(['node:http', 'node:http2']),
    names: new Set(['ServerResponse', 'OutgoingMessage', 'Http2ServerResponse']),
  },
  { kind: 'fastify', packages: new Set(['fastify']), names: new Set(['FastifyReply']) },
  {
    kind: 'koa-context',
    packages: new Set(['koa', 'koa-router', '@koa/router']),
    names: new Set(['Context', 'ParameterizedContext', 'DefaultContext', 'RouterContext']),
  },
  { kind: 'hono-context', packages: new Set(['hono']), names: new Set(['Context']) },
];

/** The kind of response object a type is, if any. */
export function responseKindOfKnowledge(knowledge: TypeKnowledge): ResponseKind | undefined {
  for (const entry of responseTypes) if (hasOrigin(knowledge, entry.packages, entry.names)) return entry.kind;
  return undefined;
}

/** The kind of response object an expression is, by its declared type. */
export function responseKindOf(checker: ts.TypeChecker, expression: ts.Expression): ResponseKind | undefined {
  return responseKindOfKnowledge(expressionKnowledge(checker, expression));
}
