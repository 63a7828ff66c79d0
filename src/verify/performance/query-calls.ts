import ts from 'typescript';
import {
  databaseHandleOfKnowledge,
  expressionKnowledge,
  hasOrigin,
  implementationOf,
} from '../recognise/index.js';

/** Method names that are a database round trip whatever they are called on (ORMs, drivers). */
const queryMethods = new Set([
  'query',
  'queryRaw',
  '$queryRaw',
  '$queryRawUnsafe',
  '$executeRaw',
  '$executeRawUnsafe',
  'findOne',
  'findOneBy',
  'findOneOrFail',
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'findById',
  'findByPk',
  'findAndCountAll',
  'countDocuments',
  'insertOne',
  'insertMany',
  'updateOne',
  'updateMany',
  'deleteOne',
  'deleteMany',
  'upsert',
]);

/** Methods that are a query only when called on something named like a database handle. */
const handleMethods = new Set([
  'execute',
  'exec',
  'raw',
  'select',
  'selectFrom',
  'insert',
  'insertInto',
  'update',
  'updateTable',
  'delete',
  'deleteFrom',
  'where',
  'first',
  'get',
  'all',
  'run',
  'find',
  'findAll',
  'create',
  'save',
  'count',
  'executeTakeFirst',
  'executeTakeFirstOrThrow',
]);

/** Names of database handles, for untyped code only: matched against the root of a call chain. */
const handleName =
  /^(db|database|knex|pool|client|connection|conn|sql|prisma|trx|tx|transaction|repo|repository|orm|sequelize|em|entityManager|dataSource|mongoose|collection|redis|supabase|drizzle|kysely)$/i;
const handleSuffix = /(Db|Database|Repository|Repo|Client|Pool|Model|Collection|Table)$/;

const httpClients = new Set(['fetch', 'axios', 'got', 'ky', 'request', 'superagent', 'undici']);
/** Packages whose calls go over the network: HTTP clients and key-value stores. */
const httpPackages = new Set(['axios', 'got', 'ky', 'superagent', 'undici', 'node-fetch', 'undici-types']);
const storePackages = new Set(['redis', 'ioredis', '@redis/client', '@supabase/supabase-js', 'drizzle-orm']);
/** How deep a project method is followed to see whether it sends a query itself. */
const maxMethodDepth = 2;

/** The identifier a chain such as `prisma.user.findMany` or `knex('users').where` starts from. */
function chainRoot(expression: ts.Expression): ts.Identifier | undefined {
  let current: ts.Expression = expression;
  for (;;) {
    if (ts.isIdentifier(current)) return current;
    if (current.kind === ts.SyntaxKind.ThisKeyword) return undefined;
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current))
      current = current.expression;
    else if (ts.isCallExpression(current)) current = current.expression;
    else if (ts.isNonNullExpression(current) || ts.isParenthesizedExpression(current))
      current = current.expression;
    else return undefined;
  }
}

function isHandle(identifier: ts.Identifier | undefined): boolean {
  if (!identifier) return false;
  return handleName.test(identifier.text) || handleSuffix.test(identifier.text);
}

/** `this.db.query(...)`: the member right after `this`, which names the handle. */
function thisMember(expression: ts.Expression): string | undefined {
  let current: ts.Expression = expression;
  while (ts.isPropertyAccessExpression(current) || ts.isCallExpression(current)) {
    if (ts.isPropertyAccessExpression(current) && current.expression.kind === ts.SyntaxKind.ThisKeyword)
      return current.name.text;
    current = current.expression;
  }
  return undefined;
}

type RoundTrip = 'database' | 'http';

/** The round trip a project function or method sends itself, found in its body (a repository's `findById`). */
function roundTripInBody(
  checker: ts.TypeChecker,
  callee: ts.Expression,
  depth: number,
): RoundTrip | undefined {
  if (depth >= maxMethodDepth) return undefined;
  const named = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  let symbol = checker.getSymbolAtLocation(named);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
  const body =
    ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)
      ? declaration.body
      : ts.isVariableDeclaration(declaration) &&
          declaration.initializer &&
          (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))
        ? declaration.initializer.body
        : undefined;
  if (!body) return undefined;
  let verdicts = bodyVerdicts.get(checker);
  if (!verdicts) {
    verdicts = new WeakMap();
    bodyVerdicts.set(checker, verdicts);
  }
  let byDepth = verdicts.get(body);
  if (!byDepth) {
    byDepth = new Map();
    verdicts.set(body, byDepth);
  }
  if (byDepth.has(depth)) return byDepth.get(depth) ?? undefined;
  let found: RoundTrip | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    found = roundTripKind(node, checker, depth + 1);
    if (!found) ts.forEachChild(node, visit);
  };
  visit(body);
  byDepth.set(depth, found ?? null);
  return found;
}

/**
 * What each project function's body sends, per checker and depth: a helper called in many loops is
 * read once. Keyed by checker too, since a warm session keeps syntax trees across programs.
 */
const bodyVerdicts = new WeakMap<ts.TypeChecker, WeakMap<ts.Node, Map<number, RoundTrip | null>>>();

/** A call judged by what the checker knows of its receiver or callee; undefined when the code is untyped. */
function roundTripByType(
  checker: ts.TypeChecker,
  node: ts.CallExpression,
  depth: number,
): { decided: true; kind: RoundTrip | undefined } | { decided: false } {
  const callee = node.expression;
  const target = ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
  const knowledge = expressionKnowledge(checker, target);
  if (knowledge.kind === 'untyped') return { decided: false };
  if (databaseHandleOfKnowledge(knowledge)) {
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    // A query builder's own steps (`where`, `orderBy`) only build; the chain's outermost call sends it.
    const sends =
      !ts.isPropertyAccessExpression(callee) || queryMethods.has(method) || handleMethods.has(method);
    return { decided: true, kind: sends ? 'database' : undefined };
  }
  if (hasOrigin(knowledge, storePackages)) return { decided: true, kind: 'database' };
  if (hasOrigin(knowledge, httpPackages)) return { decided: true, kind: 'http' };
  if (ts.isIdentifier(callee) && callee.text === 'fetch') return { decided: true, kind: 'http' };
  // A handle the project only declares (an interface, `declare const db`) shows no behaviour: names decide.
  if (knowledge.kind === 'known' && implementationOf(checker, callee) === 'signature-only')
    return { decided: false };
  return { decided: true, kind: roundTripInBody(checker, callee, depth) };
}

/**
 * What kind of round trip a call is (`database` or `http`), or undefined for an ordinary call: by the
 * declared type of what it is called on, then by what a project method does, and only for untyped
 * code by the names of the handle and the method.
 */
export function roundTripKind(node: ts.Node, checker?: ts.TypeChecker, depth = 0): RoundTrip | undefined {
  if (ts.isTaggedTemplateExpression(node)) {
    return ts.isIdentifier(node.tag) && node.tag.text === 'sql' ? 'database' : undefined;
  }
  if (!ts.isCallExpression(node)) return undefined;
  if (checker) {
    const typed = roundTripByType(checker, node, depth);
    if (typed.decided) return typed.kind;
  }
  const callee = node.expression;
  if (ts.isIdentifier(callee)) {
    if (httpClients.has(callee.text)) return 'http';
    return callee.text === 'knex' || callee.text === 'sql' ? 'database' : undefined;
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const root = chainRoot(callee.expression);
  if (root && httpClients.has(root.text)) return 'http';
  if (queryMethods.has(method)) return 'database';
  const member = thisMember(callee.expression);
  const named =
    isHandle(root) || (member !== undefined && (handleName.test(member) || handleSuffix.test(member)));
  // `User.findAll()` and friends: a capitalised receiver is a model class in ORMs.
  const model = root !== undefined && /^[A-Z][a-z]/.test(root.text) && root === callee.expression;
  if (handleMethods.has(method) && (named || (model && /^find|^count|^create$|^save$/.test(method))))
    return 'database';
  return undefined;
}

/**
 * The outermost call of a chain such as `knex('users').where(…).first()`, so that one round trip is
 * reported once, at the call that sends it.
 */
export function outermostCall(node: ts.Node): ts.Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (parent && ts.isPropertyAccessExpression(parent) && parent.expression === current) {
      const call = parent.parent;
      if (call && ts.isCallExpression(call) && call.expression === parent) {
        current = call;
        continue;
      }
    }
    return current;
  }
}
