import ts from 'typescript';

/** A piece of migration SQL and where each of its characters sits in the file it came from. */
export interface MigrationSource {
  /** Offset in the file of the SQL's first character. */
  offset: number;
  sql: string;
}

/** What the `up` of a migration module does: literal SQL it runs, and schema-builder calls it makes. */
export interface MigrationCode {
  sources: MigrationSource[];
  /** Calls such as `knex.schema.createTable` or `pgm.createTable`: schema built in code, not in SQL. */
  builderCalls: string[];
}

const runnerNames = new Set(['sql', 'query', 'exec', 'execute', 'raw', 'executeQuery', 'runSql', 'unsafe']);

function calleeName(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

/** The literal text of a string or substitution-free template, with the offset of its first character. */
function literalSource(node: ts.Node, sourceFile: ts.SourceFile): MigrationSource | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return { offset: node.getStart(sourceFile) + 1, sql: node.text };
  }
  return undefined;
}

const isExported = (modifiers: readonly ts.ModifierLike[] | undefined): boolean =>
  modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false;

/** `exports.up`, `module.exports.up`. */
function isCommonJsUpTarget(expression: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(expression) || expression.name.text !== 'up') return false;
  const target = expression.expression;
  return (
    (ts.isIdentifier(target) && target.text === 'exports') ||
    (ts.isPropertyAccessExpression(target) &&
      target.name.text === 'exports' &&
      ts.isIdentifier(target.expression) &&
      target.expression.text === 'module')
  );
}

/** The `up` of an object literal: `{ up() {…} }` or `{ up: async () => … }`. */
function upOfObject(node: ts.Expression): ts.Node | undefined {
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  for (const property of node.properties) {
    if (property.name && ts.isIdentifier(property.name) && property.name.text === 'up') {
      if (ts.isMethodDeclaration(property)) return property;
      if (ts.isPropertyAssignment(property)) return property.initializer;
    }
  }
  return undefined;
}

/** The node of an exported `up`, in ES module or CommonJS form, or of a default-exported object's `up`. */
function exportedUp(statement: ts.Statement): ts.Node | undefined {
  if (ts.isFunctionDeclaration(statement) && statement.name?.text === 'up' && isExported(statement.modifiers))
    return statement;
  if (ts.isVariableStatement(statement) && isExported(statement.modifiers)) {
    return statement.declarationList.declarations.find(
      (declaration) => ts.isIdentifier(declaration.name) && declaration.name.text === 'up',
    )?.initializer;
  }
  if (ts.isExportAssignment(statement)) return upOfObject(statement.expression);
  if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression)) {
    const { left, right, operatorToken } = statement.expression;
    if (operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
    if (isCommonJsUpTarget(left)) return right;
    const isModuleExports =
      ts.isPropertyAccessExpression(left) &&
      left.name.text === 'exports' &&
      ts.isIdentifier(left.expression) &&
      left.expression.text === 'module';
    if (isModuleExports) return upOfObject(right);
  }
  return undefined;
}

function firstParameterName(up: ts.Node): string | undefined {
  const functionLike =
    ts.isFunctionDeclaration(up) ||
    ts.isMethodDeclaration(up) ||
    ts.isArrowFunction(up) ||
    ts.isFunctionExpression(up)
      ? up
      : undefined;
  const first = functionLike?.parameters[0];
  return first && ts.isIdentifier(first.name) ? first.name.text : undefined;
}

/** Schema-changing verbs of the builders (knex `createTable`, node-pg-migrate `addColumns`, Sequelize `addIndex`…). */
const builderMethod = /^(create|alter|drop|add|rename|remove|change)[A-Z]\w*$|^table$/;

/** The names of a property-access chain (`knex.schema.createTable`), calls left out; undefined past anything else. */
function chainNames(expression: ts.Expression): string[] | undefined {
  const names: string[] = [];
  let current = expression;
  while (ts.isPropertyAccessExpression(current) || ts.isCallExpression(current)) {
    if (ts.isPropertyAccessExpression(current)) names.unshift(current.name.text);
    current = current.expression;
  }
  if (!ts.isIdentifier(current)) return undefined;
  names.unshift(current.text);
  return names;
}

/**
 * SQL literals that an exported `up` passes to `sql`, `query`, `exec`… (or tags with `sql`), and the
 * calls on its database parameter that build schema in code instead (which no SQL engine can replay).
 */
export function readMigrationCode(fileName: string, text: string): MigrationCode {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const sources: MigrationSource[] = [];
  const builderCalls: string[] = [];
  const visitUp = (up: ts.Node): void => {
    const database = firstParameterName(up);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const name = calleeName(node.expression);
        const first = node.arguments[0];
        const source = name && runnerNames.has(name) && first ? literalSource(first, sourceFile) : undefined;
        if (source) sources.push(source);
        else if (name && database && ts.isPropertyAccessExpression(node.expression)) {
          const names = chainNames(node.expression);
          const builds = names?.[0] === database && (names.includes('schema') || builderMethod.test(name));
          if (names && builds && !runnerNames.has(name)) builderCalls.push(names.join('.'));
        }
      } else if (ts.isTaggedTemplateExpression(node) && calleeName(node.tag) === 'sql') {
        const source = literalSource(node.template, sourceFile);
        if (source) sources.push(source);
      }
      ts.forEachChild(node, visit);
    };
    visit(up);
  };
  for (const statement of sourceFile.statements) {
    const up = exportedUp(statement);
    if (up) visitUp(up);
  }
  return { sources, builderCalls };
}

/** SQL literals that an exported `up` runs. */
export function sqlInMigrationCode(fileName: string, text: string): MigrationSource[] {
  return readMigrationCode(fileName, text).sources;
}
