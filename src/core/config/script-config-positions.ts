import type { SourceDocument, SourcePath, SourcePosition } from '../source-position.js';

type TypeScript = typeof import('typescript');
type Node = import('typescript').Node;
type ObjectLiteral = import('typescript').ObjectLiteralExpression;

/** The object a config file exports: `export default defineConfig({…})`, `export default {…}`, `module.exports = {…}`. */
function exportedObject(ts: TypeScript, file: import('typescript').SourceFile): ObjectLiteral | undefined {
  const unwrap = (expression: import('typescript').Expression | undefined): ObjectLiteral | undefined => {
    let current = expression;
    while (current) {
      if (ts.isObjectLiteralExpression(current)) return current;
      if (
        ts.isParenthesizedExpression(current) ||
        ts.isAsExpression(current) ||
        ts.isSatisfiesExpression(current)
      )
        current = current.expression;
      else if (ts.isCallExpression(current)) current = current.arguments[0];
      else if (ts.isArrowFunction(current) && !ts.isBlock(current.body)) current = current.body;
      else if (ts.isIdentifier(current)) current = declaredValue(current.text);
      else return undefined;
    }
    return undefined;
  };
  const declaredValue = (name: string) => {
    for (const statement of file.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name)
          return declaration.initializer;
      }
    }
    return undefined;
  };
  for (const statement of file.statements) {
    if (ts.isExportAssignment(statement)) return unwrap(statement.expression);
    if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.left.getText(file) === 'module.exports'
    )
      return unwrap(statement.expression.right);
  }
  return undefined;
}

/**
 * Positions in a TypeScript or JavaScript config file, read with TypeScript's parser (no type check),
 * so an invalid key is reported at its line and column as it is in a JSON or YAML config.
 */
export async function scriptConfigDocument(
  text: string,
  fileName: string,
  value: unknown,
): Promise<SourceDocument> {
  const ts = (await import('typescript')).default;
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const root = exportedObject(ts, file);
  const position = (node: Node): SourcePosition => {
    const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
    return { line: line + 1, column: character + 1 };
  };
  return {
    value,
    positionOf(path: SourcePath, of: 'value' | 'key' = 'value') {
      if (!root) return { line: 1, column: 1 };
      let node: Node = root;
      let keyNode: Node = root;
      for (const segment of path) {
        let next: Node | undefined;
        let nextKey: Node | undefined;
        if (ts.isObjectLiteralExpression(node)) {
          for (const property of node.properties) {
            const name = property.name;
            const text = name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
            if (text !== String(segment)) continue;
            nextKey = name;
            next = ts.isPropertyAssignment(property) ? property.initializer : property;
          }
        } else if (ts.isArrayLiteralExpression(node) && typeof segment === 'number') {
          next = node.elements[segment];
          nextKey = next;
        }
        if (!next || !nextKey) break;
        node = next;
        keyNode = nextKey;
      }
      return position(of === 'key' ? keyNode : node);
    },
  };
}
