import ts from 'typescript';

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

/** Names of database handles and HTTP clients, matched against the root of a call chain. */
const handleName =
  /^(db|database|knex|pool|client|connection|conn|sql|prisma|trx|tx|transaction|repo|repository|orm|sequelize|em|entityManager|dataSource|mongoose|collection|redis|supabase|drizzle|kysely)$/i;
const handleSuffix = /(Db|Database|Repository|Repo|Client|Pool|Model|Collection|Table)$/;

const httpClients = new Set(['fetch', 'axios', 'got', 'ky', 'request', 'superagent', 'undici']);

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

/** What kind of round trip a call is (`database` or `http`), or undefined for an ordinary call. */
export function roundTripKind(node: ts.Node): 'database' | 'http' | undefined {
  if (ts.isTaggedTemplateExpression(node)) {
    return ts.isIdentifier(node.tag) && node.tag.text === 'sql' ? 'database' : undefined;
  }
  if (!ts.isCallExpression(node)) return undefined;
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
