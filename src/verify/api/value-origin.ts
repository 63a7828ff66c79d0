import ts from 'typescript';
import { isExternalSourceFile } from './api-finding.js';

/** What tracing a value's origin needs: the program and its checker. */
export interface OriginContext {
  program: ts.Program;
  checker: ts.TypeChecker;
}

/** How far a chain of variables, calls and members is followed (builder chains run long) before giving up. */
const maximumDepth = 100;

/** Whether a JavaScript file opts into type checking with a `// @ts-check` comment before its code. */
export function hasTsCheckComment(sourceFile: ts.SourceFile): boolean {
  const start = ts.getShebang(sourceFile.text)?.length ?? 0;
  const ranges = ts.getLeadingCommentRanges(sourceFile.text, start) ?? [];
  return ranges.some((range) => /@ts-check\b/.test(sourceFile.text.slice(range.pos, range.end)));
}

function isExternalNode(program: ts.Program, node: ts.Node): boolean {
  return isExternalSourceFile(program, node.getSourceFile());
}

/** Every declaration of a symbol lives in an installed declaration file or the TypeScript lib. */
function isDeclaredExternally(program: ts.Program, symbol: ts.Symbol | undefined): boolean {
  const declarations = symbol?.declarations ?? [];
  return declarations.length > 0 && declarations.every((node) => isExternalNode(program, node));
}

function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

function isRequireCall(node: ts.CallExpression): boolean {
  return (
    ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1
  );
}

/** A `require('x')` or `import('x')` whose module is declared outside the project. */
function isPackageLoad(context: OriginContext, call: ts.CallExpression): boolean {
  const specifier = call.arguments[0];
  if (!specifier || !ts.isStringLiteralLike(specifier)) return false;
  const moduleSymbol = context.checker.getSymbolAtLocation(specifier);
  return isDeclaredExternally(context.program, moduleSymbol);
}

/** Whether a class's `extends` clause names a class whose type an installed package declares. */
export function extendsPackageClass(
  context: OriginContext,
  declaration: ts.ClassLikeDeclaration,
  depth = 0,
): boolean {
  const heritage = declaration.heritageClauses?.find(
    (clause) => clause.token === ts.SyntaxKind.ExtendsKeyword,
  );
  const base = heritage?.types[0]?.expression;
  if (!base || depth > maximumDepth) return false;
  if (comesFromPackage(context, base, depth + 1)) return true;
  // A chain of project classes ending in a package class still has a package-declared API.
  const symbol = context.checker.getSymbolAtLocation(base);
  const target = symbol ? resolveAlias(context.checker, symbol) : undefined;
  const baseDeclaration = target?.valueDeclaration;
  return (
    baseDeclaration !== undefined &&
    ts.isClassLike(baseDeclaration) &&
    !isExternalNode(context.program, baseDeclaration) &&
    extendsPackageClass(context, baseDeclaration, depth + 1)
  );
}

/** Whether a type written in the lib is the receiver's own type argument (`value: T` of `Promise<T>.then`). */
function isOwnerTypeArgument(checker: ts.TypeChecker, typeNode: ts.TypeNode | undefined): boolean {
  if (!typeNode || !ts.isTypeReferenceNode(typeNode)) return false;
  const symbol = checker.getSymbolAtLocation(typeNode.typeName);
  const declaration = symbol?.declarations?.[0];
  return (
    declaration !== undefined &&
    ts.isTypeParameterDeclaration(declaration) &&
    (ts.isInterfaceDeclaration(declaration.parent) || ts.isClassDeclaration(declaration.parent))
  );
}

/**
 * A callback's parameter typed by the package function the callback is handed to, directly or
 * inside an options object (`configureHelp({ term: (command) => … })`). The lib's own callbacks
 * count only where they pass on the receiver's type argument (`then`, `map` on a package's value),
 * not where they give broad types of their own, such as an event listener's `Event`.
 */
/** The call a callback is handed to, directly or inside object and array literals. */
function receivingCall(callback: ts.Expression): ts.CallExpression | ts.NewExpression | undefined {
  let holder: ts.Node = callback;
  while (
    ts.isPropertyAssignment(holder.parent) ||
    ts.isObjectLiteralExpression(holder.parent) ||
    ts.isArrayLiteralExpression(holder.parent) ||
    ts.isParenthesizedExpression(holder.parent)
  ) {
    holder = holder.parent;
  }
  const call = holder.parent;
  if (!(ts.isCallExpression(call) || ts.isNewExpression(call))) return undefined;
  return call.arguments?.some((argument) => argument === holder) ? call : undefined;
}

/** The signatures a package gives a callback it receives; undefined when the callback is not handed to a package. */
function packageCallbackSignatures(
  context: OriginContext,
  callback: ts.ArrowFunction | ts.FunctionExpression,
  depth: number,
): ts.Signature[] | undefined {
  const call = receivingCall(callback);
  if (!call || !comesFromPackage(context, call.expression, depth + 1)) return undefined;
  const contextual = context.checker.getContextualType(callback);
  if (!contextual) return undefined;
  const parts = context.checker.getNonNullableType(contextual);
  const signatures = (parts.isUnion() ? parts.types : [parts]).flatMap((part) => part.getCallSignatures());
  const external = signatures.every((signature) => {
    const declaration = signature.getDeclaration();
    return declaration !== undefined && isExternalNode(context.program, declaration);
  });
  return signatures.length > 0 && external ? signatures : undefined;
}

/**
 * A callback's parameter typed by the package function the callback is handed to, directly or
 * inside an options object (`configureHelp({ term: (command) => … })`). The lib's own callbacks
 * count only where they pass on the receiver's type argument (`then`, `map` on a package's value),
 * not where they give broad types of their own, such as an event listener's `Event`.
 */
function isPackageTypedParameter(
  context: OriginContext,
  parameter: ts.ParameterDeclaration,
  depth: number,
): boolean {
  const callback = parameter.parent;
  if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) return false;
  const signatures = packageCallbackSignatures(context, callback, depth);
  if (!signatures) return false;
  const index = callback.parameters.indexOf(parameter);
  return signatures.every((signature) => {
    const declaration = signature.getDeclaration() as ts.SignatureDeclaration;
    if (!context.program.isSourceFileDefaultLibrary(declaration.getSourceFile())) return true;
    const parameters = declaration.parameters.filter(
      (item) => !(ts.isIdentifier(item.name) && item.name.text === 'this'),
    );
    return isOwnerTypeArgument(context.checker, parameters[index]?.type);
  });
}

/** `this` inside a function a package calls with a `this` of its own type (`action(function () { this.opts() })`). */
function isPackageTypedThis(context: OriginContext, callback: ts.FunctionExpression, depth: number): boolean {
  const signatures = packageCallbackSignatures(context, callback, depth) ?? [];
  return (
    signatures.length > 0 &&
    signatures.every((signature) => {
      const declaration = signature.getDeclaration() as ts.SignatureDeclaration;
      const thisParameter = declaration.parameters[0];
      return (
        !context.program.isSourceFileDefaultLibrary(declaration.getSourceFile()) &&
        thisParameter !== undefined &&
        ts.isIdentifier(thisParameter.name) &&
        thisParameter.name.text === 'this'
      );
    })
  );
}

/** What gives `this` its value: a class, or a function expression; arrow functions pass it through. */
function ownerOfThis(node: ts.Node): ts.ClassLikeDeclaration | ts.FunctionExpression | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current) || ts.isFunctionExpression(current)) return current;
    if (ts.isFunctionDeclaration(current)) return undefined;
    if (ts.isClassStaticBlockDeclaration(current)) return undefined;
    if (
      (ts.isMethodDeclaration(current) || ts.isAccessor(current)) &&
      ts.isObjectLiteralExpression(current.parent)
    )
      return undefined;
    if (ts.isModuleBlock(current) || ts.isSourceFile(current)) return undefined;
  }
  return undefined;
}

function declarationOrigin(context: OriginContext, declaration: ts.Declaration, depth: number): boolean {
  if (ts.getJSDocType(declaration)) return false;
  if (ts.isVariableDeclaration(declaration)) {
    // `for (const item of packageValue)`: the item's type is the package's too.
    const loop = declaration.parent.parent;
    if (ts.isForOfStatement(loop) && !declaration.initializer)
      return comesFromPackage(context, loop.expression, depth + 1);
    return (
      declaration.initializer !== undefined && comesFromPackage(context, declaration.initializer, depth + 1)
    );
  }
  if (ts.isBindingElement(declaration)) {
    let root: ts.Node = declaration.parent;
    while (ts.isBindingElement(root) || ts.isObjectBindingPattern(root) || ts.isArrayBindingPattern(root))
      root = root.parent;
    if (ts.isVariableDeclaration(root))
      return root.initializer !== undefined && comesFromPackage(context, root.initializer, depth + 1);
    return ts.isParameter(root) && !ts.getJSDocType(root) && isPackageTypedParameter(context, root, depth);
  }
  if (ts.isParameter(declaration)) return isPackageTypedParameter(context, declaration, depth);
  if (ts.isClassLike(declaration)) return extendsPackageClass(context, declaration, depth + 1);
  return false;
}

/**
 * Whether an expression's type comes from an installed package's declarations (or the TypeScript
 * lib) along a chain the code itself spells out: imports, `require`, calls and members of such
 * values, and callbacks a package calls. A type that rests on JSDoc written in the project, or on
 * inference through project functions, does not count: in plain JavaScript those are guesses.
 */
export function comesFromPackage(context: OriginContext, expression: ts.Expression, depth = 0): boolean {
  if (depth > maximumDepth) return false;
  const { checker, program } = context;
  if (ts.isParenthesizedExpression(expression)) {
    // `/** @type {X} */ (value)` is a cast written in the project.
    if (ts.getJSDocType(expression)) return false;
    return comesFromPackage(context, expression.expression, depth + 1);
  }
  if (ts.isAwaitExpression(expression) || ts.isNonNullExpression(expression))
    return comesFromPackage(context, expression.expression, depth + 1);
  if (
    ts.isStringLiteralLike(expression) ||
    ts.isTemplateExpression(expression) ||
    ts.isNumericLiteral(expression) ||
    ts.isRegularExpressionLiteral(expression)
  ) {
    return true;
  }
  if (expression.kind === ts.SyntaxKind.SuperKeyword) {
    const owner = ownerOfThis(expression);
    return owner !== undefined && ts.isClassLike(owner) && extendsPackageClass(context, owner, depth + 1);
  }
  if (expression.kind === ts.SyntaxKind.ThisKeyword) {
    const owner = ownerOfThis(expression);
    if (owner && ts.isFunctionExpression(owner)) return isPackageTypedThis(context, owner, depth + 1);
    return owner !== undefined && extendsPackageClass(context, owner, depth + 1);
  }
  if (ts.isIdentifier(expression)) {
    const symbol = checker.getSymbolAtLocation(expression);
    if (!symbol) return false;
    const target = resolveAlias(checker, symbol);
    if (target !== symbol) return isDeclaredExternally(program, target);
    if (isDeclaredExternally(program, symbol)) return true;
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    return declaration !== undefined && declarationOrigin(context, declaration, depth);
  }
  if (ts.isPropertyAccessExpression(expression)) {
    if (!comesFromPackage(context, expression.expression, depth + 1)) return false;
    return isDeclaredExternally(program, checker.getSymbolAtLocation(expression.name));
  }
  if (ts.isCallExpression(expression) || ts.isNewExpression(expression)) {
    if (ts.isCallExpression(expression) && isRequireCall(expression))
      return isPackageLoad(context, expression);
    if (ts.isCallExpression(expression) && expression.expression.kind === ts.SyntaxKind.ImportKeyword)
      return isPackageLoad(context, expression);
    if (!comesFromPackage(context, expression.expression, depth + 1)) return false;
    const declaration = checker.getResolvedSignature(expression)?.getDeclaration();
    if (declaration && isExternalNode(program, declaration)) return true;
    // `new Subclass()` of a project class that extends a package class.
    return (
      ts.isNewExpression(expression) &&
      (declaration === undefined || ts.isClassLike(declaration) || ts.isConstructorDeclaration(declaration))
    );
  }
  return false;
}
