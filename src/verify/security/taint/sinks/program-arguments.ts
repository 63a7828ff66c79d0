import ts from 'typescript';
import { constantStrings } from '../constant-strings.js';
import { skipOuter } from '../file-facts.js';

/** One element of a program's argument list, and where the code puts it there. */
export interface ProgramArgument {
  value: ts.Expression;
  /** The element write (`args[1] = script`) or `push` when the list is built step by step; else the call. */
  at?: ts.Node;
}

const shells = /^(?:.*[/\\])?(sh|bash|zsh|dash|ksh|fish|cmd|cmd\.exe|powershell|powershell\.exe|pwsh)$/i;
/** `-c` alone or among other single-letter options (`-lc`, `-ec`), `cmd /c` or `/k`, PowerShell's `-Command`. */
const shellScriptFlags = /^(-[a-z]*c[a-z]*|\/c|\/k|-command)$/i;
/** Interpreters and the flags after which their next argument is a program text. */
const interpreters =
  /^(?:.*[/\\])?(node|nodejs|deno|bun|python[\d.]*|perl|ruby|php|lua|Rscript|osascript)(\.exe)?$/i;
const interpreterCodeFlags = /^(-e|--eval|-p|--print|-c|-r|-E)$/;

/** What running a program with a script flag means for the next argument. */
export type ScriptKind = 'shell' | 'code';

/** Whether the program may be a shell or an interpreter, by every value code can give it. */
export function programKind(checker: ts.TypeChecker, program: ts.Expression): ScriptKind | 'other' | 'data' {
  const values = constantStrings(checker, program);
  if (!values) return 'data';
  if (values.some((value) => shells.test(value))) return 'shell';
  if (values.some((value) => interpreters.test(value))) return 'code';
  return 'other';
}

function isScriptFlag(checker: ts.TypeChecker, element: ts.Expression, kind: ScriptKind): boolean {
  const values = constantStrings(checker, element);
  const flags = kind === 'shell' ? shellScriptFlags : interpreterCodeFlags;
  return !!values?.some((value) => flags.test(value));
}

/** Element writes and pushes to a local array after it is declared, in source order. */
function builtElements(
  checker: ts.TypeChecker,
  array: ts.Identifier,
  before: ts.Node,
): ProgramArgument[] | undefined {
  const symbol = checker.getSymbolAtLocation(array);
  const declaration = symbol?.valueDeclaration;
  if (!symbol || !declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer)
    return undefined;
  const initializer = skipOuter(declaration.initializer);
  if (!ts.isArrayLiteralExpression(initializer)) return undefined;
  const elements: ProgramArgument[] = initializer.elements.map((value) => ({ value }));
  const scope = declaration.parent.parent.parent;
  const sameArray = (expression: ts.Expression): boolean => {
    const inner = skipOuter(expression);
    return ts.isIdentifier(inner) && checker.getSymbolAtLocation(inner) === symbol;
  };
  const visit = (node: ts.Node): void => {
    // Only what is written before the call counts; a later write fills the list for a later call.
    if (node.pos >= before.pos) return;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isElementAccessExpression(node.left) &&
      sameArray(node.left.expression) &&
      ts.isNumericLiteral(node.left.argumentExpression)
    )
      elements[Number(node.left.argumentExpression.text)] = { value: node.right, at: node };
    else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'push' &&
      sameArray(node.expression.expression)
    )
      for (const value of node.arguments) elements.push({ value, at: node });
    ts.forEachChild(node, visit);
  };
  if (scope) visit(scope);
  return elements.filter((element) => element !== undefined);
}

/**
 * The elements of a program's argument list as code writes them: an array literal, `concat` chains, or
 * a local array filled by index or `push`; undefined when the list comes from elsewhere.
 */
export function programArguments(
  checker: ts.TypeChecker,
  expression: ts.Expression | undefined,
  depth = 0,
): ProgramArgument[] | undefined {
  if (!expression || depth > 4) return undefined;
  const inner = skipOuter(expression);
  if (ts.isArrayLiteralExpression(inner))
    return inner.elements.flatMap((element) =>
      ts.isSpreadElement(element)
        ? (programArguments(checker, element.expression, depth + 1) ?? [{ value: element.expression }])
        : [{ value: element }],
    );
  if (
    ts.isCallExpression(inner) &&
    ts.isPropertyAccessExpression(inner.expression) &&
    inner.expression.name.text === 'concat'
  ) {
    const head = programArguments(checker, inner.expression.expression, depth + 1);
    if (!head) return undefined;
    return [
      ...head,
      ...inner.arguments.flatMap(
        (argument) => programArguments(checker, argument, depth + 1) ?? [{ value: argument }],
      ),
    ];
  }
  if (ts.isIdentifier(inner)) return builtElements(checker, inner, inner);
  return undefined;
}

/**
 * The arguments a shell runs as its script, or an interpreter as its code: the one after the flag that
 * says so; for Windows' `cmd /c` and PowerShell's `-Command`, every argument after it, joined into one line.
 */
export function scriptArguments(
  checker: ts.TypeChecker,
  elements: readonly ProgramArgument[],
  kind: ScriptKind,
): ProgramArgument[] {
  const scripts: ProgramArgument[] = [];
  elements.forEach((element, index) => {
    if (!isScriptFlag(checker, element.value, kind)) return;
    const flagValues = constantStrings(checker, element.value) ?? [];
    const joinsTheRest = kind === 'shell' && flagValues.some((value) => /^(\/c|\/k|-command)$/i.test(value));
    scripts.push(...(joinsTheRest ? elements.slice(index + 1) : elements.slice(index + 1, index + 2)));
  });
  return [...new Set(scripts)];
}
