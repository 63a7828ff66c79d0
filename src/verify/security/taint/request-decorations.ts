import ts from 'typescript';
import { isDatabasePackage } from '../../recognise/index.js';
import { shortText, skipOuter } from './file-facts.js';
import { packageOfValue } from './package-values.js';
import { responseEvidence } from './sinks/response-sinks.js';
import { matchSource, requestEvidence } from './sources.js';

/** Members of a request that the server sets up itself rather than reading from the client. */
const serverMembers = new Set([
  'app',
  'res',
  'next',
  'socket',
  'connection',
  'method',
  'log',
  'server',
  'route',
  'routeOptions',
  'routerPath',
  'routeConfig',
  'context',
  'id',
]);

/** How many local names and nested parts a value is followed through. */
const maxHops = 6;

/** What a local name was set to where it was declared: `q` of `const q = …`, or of `const { q } = …`. */
function localInitializer(checker: ts.TypeChecker, identifier: ts.Identifier): ts.Expression | undefined {
  const declaration = checker.getSymbolAtLocation(identifier)?.valueDeclaration;
  if (!declaration || declaration.getSourceFile() !== identifier.getSourceFile()) return undefined;
  if (ts.isVariableDeclaration(declaration)) return declaration.initializer;
  if (!ts.isBindingElement(declaration)) return undefined;
  let pattern: ts.Node = declaration.parent;
  while (ts.isBindingElement(pattern.parent) || ts.isObjectBindingPattern(pattern.parent))
    pattern = pattern.parent;
  return ts.isVariableDeclaration(pattern.parent) ? pattern.parent.initializer : undefined;
}

interface RootedChain {
  root: ts.Identifier;
  names: string[];
}

/** `req.state.user` as its root identifier and the property names after it; undefined for any other shape. */
function propertyChain(expression: ts.Expression): RootedChain | undefined {
  const names: string[] = [];
  let current = skipOuter(expression);
  for (;;) {
    if (ts.isPropertyAccessExpression(current)) names.unshift(current.name.text);
    else if (ts.isElementAccessExpression(current) && ts.isStringLiteralLike(current.argumentExpression))
      names.unshift(current.argumentExpression.text);
    else break;
    current = skipOuter(current.expression);
  }
  return ts.isIdentifier(current) && names.length > 0 ? { root: current, names } : undefined;
}

type Holder = 'request' | 'response';

/** Whether an identifier holds the request or the response of a handler, by type first, by name in untyped code. */
function holderOf(
  checker: ts.TypeChecker,
  identifier: ts.Identifier,
): { holder: Holder; byName: boolean } | undefined {
  const request = requestEvidence(checker, identifier);
  if (request) return { holder: 'request', byName: request.by === 'name' };
  const response = responseEvidence(checker, identifier);
  if (response) return { holder: 'response', byName: response.inferred !== undefined };
  return undefined;
}

/**
 * Whether an expression's value is data the client sent: a read of the request (a known source, or
 * any member of the request but those the server sets up), or what a package makes of one
 * (`qs.parse(req.url)`), kept through `||`, `??`, `?:`, string building and literals holding it.
 */
export function carriesRequestData(
  checker: ts.TypeChecker,
  expression: ts.Expression,
  evidence: { byName: boolean } = { byName: false },
  depth = 0,
): boolean {
  if (depth > maxHops) return false;
  const next = (part: ts.Expression): boolean => carriesRequestData(checker, part, evidence, depth + 1);
  const inner = skipOuter(expression);
  if (ts.isAwaitExpression(inner)) return next(inner.expression);
  if (ts.isIdentifier(inner)) {
    const initializer = localInitializer(checker, inner);
    return initializer !== undefined && next(initializer);
  }
  if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) {
    const chain = propertyChain(inner);
    const first = chain?.names[0];
    const request = chain && requestEvidence(checker, chain.root);
    if (request && request.by === 'name') evidence.byName = true;
    if (matchSource(checker, inner, { envSources: false })?.category === 'request') return true;
    if (chain && first && request) return !serverMembers.has(first);
    return next(inner.expression);
  }
  if (ts.isCallExpression(inner)) {
    if (matchSource(checker, inner, { envSources: false })?.category === 'request') return true;
    // A method of client text (`url.split('?')`) makes more client text of it.
    const callee = skipOuter(inner.expression);
    if (ts.isPropertyAccessExpression(callee) && next(callee.expression)) return true;
    const module = packageOfValue(checker, inner.expression);
    return (
      module !== undefined && !isDatabasePackage(module) && inner.arguments.some((argument) => next(argument))
    );
  }
  if (ts.isBinaryExpression(inner)) {
    const operator = inner.operatorToken.kind;
    if (
      operator === ts.SyntaxKind.BarBarToken ||
      operator === ts.SyntaxKind.QuestionQuestionToken ||
      operator === ts.SyntaxKind.PlusToken
    )
      return next(inner.left) || next(inner.right);
    return false;
  }
  if (ts.isConditionalExpression(inner)) return next(inner.whenTrue) || next(inner.whenFalse);
  if (ts.isTemplateExpression(inner)) return inner.templateSpans.some((span) => next(span.expression));
  if (ts.isArrayLiteralExpression(inner)) return inner.elements.some((element) => next(element));
  if (ts.isObjectLiteralExpression(inner))
    return inner.properties.some(
      (property) =>
        (ts.isPropertyAssignment(property) && next(property.initializer)) ||
        (ts.isSpreadAssignment(property) && next(property.expression)),
    );
  return false;
}

/** Per file: the field paths (`state.code`) that some handler, hook or middleware stores client data in. */
const decorationsByFile = new WeakMap<ts.SourceFile, Map<Holder, Set<string>>>();

function decorationsOf(checker: ts.TypeChecker, sourceFile: ts.SourceFile): Map<Holder, Set<string>> {
  const known = decorationsByFile.get(sourceFile);
  if (known) return known;
  const found = new Map<Holder, Set<string>>();
  const visit = (node: ts.Node): void => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      (ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left))
    ) {
      const chain = propertyChain(node.left);
      const holder = chain && holderOf(checker, chain.root);
      if (chain && holder && carriesRequestData(checker, node.right)) {
        const paths = found.get(holder.holder) ?? new Set<string>();
        found.set(holder.holder, paths);
        paths.add(chain.names.join('.'));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  decorationsByFile.set(sourceFile, found);
  return found;
}

/** A read of client data that a hook or middleware stored on the request or response: where, and why. */
export interface DecoratedRead {
  label: string;
  /** Set when the request or response was recognised by its name only. */
  inferred?: string;
}

/**
 * Whether an expression reads a field that a hook or middleware of the same file set on the request
 * or response from client data (`request.code = request.query.code` in a pre-handler, then
 * `request.code` in the route): the field holds what the client sent wherever the object goes next.
 */
export function decoratedRead(checker: ts.TypeChecker, expression: ts.Expression): DecoratedRead | undefined {
  const inner = skipOuter(expression);
  if (!ts.isPropertyAccessExpression(inner) && !ts.isElementAccessExpression(inner)) return undefined;
  const chain = propertyChain(inner);
  if (!chain) return undefined;
  const holder = holderOf(checker, chain.root);
  if (!holder) return undefined;
  const paths = decorationsOf(checker, inner.getSourceFile()).get(holder.holder);
  if (!paths || paths.size === 0) return undefined;
  for (let length = 1; length <= chain.names.length; length++) {
    if (!paths.has(chain.names.slice(0, length).join('.'))) continue;
    const label = shortText(inner, inner.getSourceFile());
    if (!holder.byName) return { label };
    return {
      label,
      inferred: `\`${chain.root.text}\` is taken for a ${holder.holder} by its name; it has no declared type`,
    };
  }
  return undefined;
}
