import ts from 'typescript';

/**
 * Code that treats rows of a table as one per value of some columns: an upsert on them (which the
 * database rejects without a unique index there), or a read of "the" row for a parent with LIMIT 1
 * or an ORM's `findFirst`.
 */
export interface CodeIntent {
  kind: 'upsert' | 'limit-one' | 'find-first';
  /** The table as the code names it: SQL text's table, or an ORM model or table object. */
  table: string;
  /** Whether `table` is an ORM's name for the table (matched loosely) rather than SQL's. */
  ormName: boolean;
  columns: string[];
  /** Project path and 1-based line of the code. */
  file: string;
  line: number;
  /** What the code does, as a finding quotes it: `ON CONFLICT (owner_id)`. */
  evidence: string;
  /** The SQL statement, for the engine to plan against the migrated schema; SQL text only. */
  statement?: string;
}

const name = String.raw`(?:"(?:[^"]|"")*"|\x60[^\x60]+\x60|[\w$]+)`;
const relation = String.raw`(${name}(?:\.${name})?)`;
const upsert = new RegExp(
  String.raw`\binsert\s+(?:or\s+\w+\s+)?into\s+${relation}[\s\S]*?\bon\s+conflict\s*\(([^()]*)\)`,
  'i',
);
const limitOne = new RegExp(
  String.raw`^\s*select\s+([\s\S]+?)\s+from\s+${relation}(?:\s+(?:as\s+)?(\w+))?\s+where\s+([\s\S]+?)\s+limit\s+1\s*;?\s*$`,
  'i',
);
const placeholder = String.raw`(?:\$\d+|\?|:\w+|@\w+)`;
const equality = new RegExp(String.raw`^\(?\s*(?:(\w+)\.)?(${name})\s*=\s*${placeholder}\s*\)?$`, 'i');
/** Select lists of an existence test, which reads no row's contents and so says nothing about how many there are. */
const existenceOnly = /^(1|true|count\s*\([^)]*\)|exists\b[\s\S]*|'[^']*')(\s+as\s+\w+)?$/i;

function unquote(identifier: string): string {
  return identifier.replace(/^["\x60]|["\x60]$/g, '');
}

/** SQL text of a literal, with each `${…}` of a template replaced by a numbered parameter. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return (
      node.head.text + node.templateSpans.map((span, index) => `$${index + 1}${span.literal.text}`).join('')
    );
  }
  return undefined;
}

function fromSql(sql: string): Omit<CodeIntent, 'file' | 'line'> | undefined {
  const inserted = upsert.exec(sql);
  if (inserted?.[1] && inserted[2] !== undefined) {
    const columns = inserted[2].split(',').map((column) => unquote(column.trim()));
    if (columns.length === 0 || columns.some((column) => !/^[\w$]+$/.test(column))) return undefined;
    return {
      kind: 'upsert',
      table: inserted[1],
      ormName: false,
      columns,
      evidence: `INSERT INTO ${inserted[1]} … ON CONFLICT (${columns.join(', ')})`,
      statement: sql.trim().replace(/;\s*$/, ''),
    };
  }
  const selected = limitOne.exec(sql);
  if (!selected?.[1] || !selected[2] || !selected[4]) return undefined;
  if (existenceOnly.test(selected[1].trim()) || /\b(join|order\s+by|group\s+by|union)\b/i.test(sql))
    return undefined;
  const condition = equality.exec(selected[4].trim());
  const alias = condition?.[1];
  if (!condition?.[2] || (alias && alias !== selected[3] && alias !== unquote(selected[2]))) return undefined;
  const column = unquote(condition[2]);
  return {
    kind: 'limit-one',
    table: selected[2],
    ormName: false,
    columns: [column],
    evidence: `SELECT … FROM ${selected[2]} WHERE ${column} = … LIMIT 1`,
  };
}

function propertyName(node: ts.ObjectLiteralElementLike): string | undefined {
  if (!node.name) return undefined;
  if (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) return node.name.text;
  return undefined;
}

function property(object: ts.ObjectLiteralExpression, key: string): ts.ObjectLiteralElementLike | undefined {
  return object.properties.find((element) => propertyName(element) === key);
}

/** The one column a `where` filters on by equality: `{ ownerId }`, `{ ownerId: id }` or `eq(baskets.ownerId, id)`. */
function whereColumn(where: ts.Node): string | undefined {
  if (ts.isObjectLiteralExpression(where)) {
    const [only, ...rest] = where.properties;
    if (!only || rest.length > 0) return undefined;
    if (ts.isShorthandPropertyAssignment(only)) return only.name.text;
    if (!ts.isPropertyAssignment(only) || ts.isObjectLiteralExpression(only.initializer)) return undefined;
    return propertyName(only);
  }
  if (ts.isCallExpression(where) && ts.isIdentifier(where.expression) && where.expression.text === 'eq') {
    const [column] = where.arguments;
    return column && ts.isPropertyAccessExpression(column) ? column.name.text : undefined;
  }
  return undefined;
}

/** `prisma.basket.findFirst({ where: { ownerId } })`, `db.query.baskets.findFirst({ where: eq(…) })`. */
function fromFindFirst(call: ts.CallExpression): Omit<CodeIntent, 'file' | 'line'> | undefined {
  if (!ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'findFirst')
    return undefined;
  const model = call.expression.expression;
  const [options] = call.arguments;
  if (!ts.isPropertyAccessExpression(model) || !options || !ts.isObjectLiteralExpression(options))
    return undefined;
  if (property(options, 'orderBy') || property(options, 'skip')) return undefined;
  const where = property(options, 'where');
  const filter = where && ts.isPropertyAssignment(where) ? where.initializer : undefined;
  const column = filter ? whereColumn(filter) : undefined;
  if (!column) return undefined;
  const table = model.name.text;
  return {
    kind: 'find-first',
    table,
    ormName: true,
    columns: [column],
    evidence: `${table}.findFirst({ where: { ${column} } })`,
  };
}

interface ChainCall {
  name: string;
  arguments: readonly ts.Expression[];
}

/** The calls of a method chain, innermost first, and the call it starts from (`knex('carts')`). */
function chainOf(call: ts.CallExpression): { calls: ChainCall[]; start: ts.CallExpression | undefined } {
  const calls: ChainCall[] = [];
  let current: ts.Expression = call;
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
    calls.unshift({ name: current.expression.name.text, arguments: current.arguments });
    current = current.expression.expression;
  }
  return { calls, start: ts.isCallExpression(current) ? current : undefined };
}

const stringsOf = (node: ts.Expression | undefined): string[] | undefined => {
  if (node && ts.isStringLiteralLike(node)) return [node.text];
  if (node && ts.isArrayLiteralExpression(node) && node.elements.every(ts.isStringLiteralLike)) {
    return node.elements.map((element) => (element as ts.StringLiteralLike).text);
  }
  return undefined;
};

/** The table a knex chain names: `knex('carts')`, or `.into('carts')`, `.table('carts')`, `.from('carts')`. */
function knexTable(chain: { calls: ChainCall[]; start: ts.CallExpression | undefined }): string | undefined {
  const [first] = chain.start?.arguments ?? [];
  if (chain.start && ts.isIdentifier(chain.start.expression) && first && ts.isStringLiteralLike(first))
    return first.text;
  const named = chain.calls.find((call) => ['into', 'table', 'from'].includes(call.name));
  return stringsOf(named?.arguments[0])?.[0];
}

/** The columns an equality `where` of knex filters on: `.where({ user_id: id })` or `.where('user_id', id)`. */
function knexWhere(call: ChainCall): string[] | undefined {
  const [first, second, third] = call.arguments;
  if (first && ts.isObjectLiteralExpression(first)) {
    const names = first.properties.map((element) =>
      ts.isShorthandPropertyAssignment(element) ? element.name.text : propertyName(element),
    );
    return names.every((name) => name !== undefined) ? (names as string[]) : undefined;
  }
  const column = stringsOf(first)?.[0];
  if (!column || !second) return undefined;
  if (third && !(ts.isStringLiteralLike(second) && second.text === '=')) return undefined;
  return [column];
}

/**
 * Upserts and one-row reads written with a query builder: Drizzle's
 * `insert(carts).onConflictDoUpdate({ target: carts.userId })`, knex's `.onConflict('user_id')` and
 * `.where({ user_id }).first()`.
 */
function fromChain(call: ts.CallExpression): Omit<CodeIntent, 'file' | 'line'> | undefined {
  if (!ts.isPropertyAccessExpression(call.expression)) return undefined;
  const method = call.expression.name.text;
  if (!['onConflictDoUpdate', 'onConflictDoNothing', 'onConflict', 'first'].includes(method))
    return undefined;
  const chain = chainOf(call);
  if (method === 'onConflictDoUpdate' || method === 'onConflictDoNothing') {
    const [options] = call.arguments;
    const target = options && ts.isObjectLiteralExpression(options) ? property(options, 'target') : undefined;
    const value = target && ts.isPropertyAssignment(target) ? target.initializer : undefined;
    const targets = value && ts.isArrayLiteralExpression(value) ? [...value.elements] : value ? [value] : [];
    const columns = targets.map((element) =>
      ts.isPropertyAccessExpression(element) ? element.name.text : undefined,
    );
    const inserted = chain.calls.find((link) => link.name === 'insert')?.arguments[0];
    if (!inserted || !ts.isIdentifier(inserted) || columns.length === 0 || columns.includes(undefined))
      return undefined;
    const names = columns as string[];
    return {
      kind: 'upsert',
      table: inserted.text,
      ormName: true,
      columns: names,
      evidence: `insert(${inserted.text}).${method}({ target: ${names.join(', ')} })`,
    };
  }
  const table = knexTable(chain);
  if (!table) return undefined;
  if (method === 'onConflict') {
    const columns = stringsOf(call.arguments[0]);
    if (!columns || columns.length === 0) return undefined;
    return {
      kind: 'upsert',
      table,
      ormName: false,
      columns,
      evidence: `${table} … .onConflict(${columns.join(', ')})`,
    };
  }
  const wheres = chain.calls.filter((link) =>
    /^(where|andWhere|orWhere|whereIn|whereNot|whereRaw)$/.test(link.name),
  );
  if (chain.calls.some((link) => /^(orderBy|orderByRaw|join|innerJoin|leftJoin|groupBy)$/.test(link.name)))
    return undefined;
  const [where] = wheres;
  const columns = where && wheres.length === 1 && where.name === 'where' ? knexWhere(where) : undefined;
  if (columns?.length !== 1) return undefined;
  return {
    kind: 'limit-one',
    table,
    ormName: false,
    columns,
    evidence: `${table} … .where(${columns[0]}).first()`,
  };
}

/** Test code sets up data any way it likes; what the application does is what counts. */
const testFile = /(^|\/)(__tests__|tests?)\/|\.(test|spec)\.[cm]?[jt]sx?$/;

/** Reads the statements and ORM calls of one source file that treat rows as one per parent. */
export function findCodeIntents(sourceFile: ts.SourceFile, file: string): CodeIntent[] {
  if (testFile.test(file)) return [];
  const intents: CodeIntent[] = [];
  const add = (node: ts.Node, intent: Omit<CodeIntent, 'file' | 'line'> | undefined): void => {
    if (!intent) return;
    const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
    intents.push({ ...intent, file, line });
  };
  const visit = (node: ts.Node): void => {
    const text = literalText(node);
    if (text !== undefined) {
      if (/\b(on\s+conflict|limit\s+1)\b/i.test(text)) add(node, fromSql(text));
      return;
    }
    if (ts.isCallExpression(node)) add(node, fromFindFirst(node) ?? fromChain(node));
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return intents;
}
