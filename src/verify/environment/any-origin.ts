import ts from 'typescript';

/** Says which missing module, if any, an import of `specifier` in `fromFile` is. */
export type MissingImportLookup<Cause> = (specifier: string, fromFile: string) => Cause | undefined;

/** Package names whose empty interfaces a missing generator fills in (React Router's `Register`). */
export type AugmentedPackageLookup<Cause> = (packageName: string) => Cause | undefined;

const maxDepth = 80;

interface MemoEntry<Cause> {
  cause: Cause | undefined;
  /** The depth it was first followed at. */
  depth: number;
  /** Being followed right now: a cycle. */
  pending: boolean;
}

function packageOfFile(fileName: string): string | undefined {
  const index = fileName.lastIndexOf('/node_modules/');
  if (index < 0) return undefined;
  const [first, second] = fileName.slice(index + '/node_modules/'.length).split('/');
  return first?.startsWith('@') ? `${first}/${second}` : first;
}

function moduleSpecifierOf(declaration: ts.Node): string | undefined {
  let node: ts.Node | undefined = declaration;
  while (node && !ts.isSourceFile(node)) {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier)
      return ts.isStringLiteralLike(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      return ts.isStringLiteralLike(expression) ? expression.text : undefined;
    }
    node = node.parent;
  }
  return undefined;
}

/**
 * Follows where a value's or a type's `any` comes from, through declarations, initialisers, calls,
 * property accesses, contextual callbacks and type annotations, until it reaches an import of a
 * module that is missing (ungenerated code, an uninstalled package). Only paths along which the
 * type still mentions `any`, or a fallback type of a package the missing code fills in, are followed,
 * so an unrelated error is not blamed on the missing module.
 */
export function createAnyOrigin<Cause>(
  checker: ts.TypeChecker,
  lookup: MissingImportLookup<Cause>,
  augmented: AugmentedPackageLookup<Cause> = () => undefined,
) {
  // Each declaration is followed once; a cycle (a recursive function) reads as "not found".
  const memo = new Map<ts.Node, MemoEntry<Cause>>();

  // A type declared by a package a missing generator fills in (React Router's `AnyParams`) is the
  // fallback that package gives until the generated code registers the real one.
  const fromFilledPackage = (symbol: ts.Symbol | undefined): boolean => {
    const declaration = symbol?.declarations?.[0];
    const owner = declaration && packageOfFile(declaration.getSourceFile().fileName);
    return owner !== undefined && augmented(owner) !== undefined;
  };

  // Looks inside a type a little way: an alias such as `SerializeFrom<typeof loader>` prints no `any`.
  const holdsAny = (type: ts.Type, level: number): boolean => {
    if (type.flags & ts.TypeFlags.Any) return true;
    if (fromFilledPackage(type.aliasSymbol) || fromFilledPackage(type.getSymbol())) return true;
    if (level > 2) return false;
    if (type.isUnionOrIntersection()) return type.types.some((member) => holdsAny(member, level + 1));
    if (!(type.flags & ts.TypeFlags.Object)) return false;
    const typeArguments =
      (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference
        ? checker.getTypeArguments(type as ts.TypeReference)
        : [];
    if (typeArguments.some((argument) => holdsAny(argument, level + 1))) return true;
    return checker
      .getPropertiesOfType(type)
      .slice(0, 40)
      .some((property) => holdsAny(checker.getTypeOfSymbol(property), level + 1));
  };

  const mentionsAny = (node: ts.Node): boolean => {
    try {
      const type = checker.getTypeAtLocation(node);
      if (holdsAny(type, 0)) return true;
      // `keyof` of a type that did not resolve is `string | number | symbol`: the same loss of information.
      return /\bany\b|string \| number \| symbol/.test(
        checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation),
      );
    } catch {
      return false;
    }
  };

  const fromSymbol = (symbol: ts.Symbol | undefined, depth: number): Cause | undefined => {
    if (!symbol || depth > maxDepth) return undefined;
    const declarations = symbol.declarations ?? [];
    if (symbol.flags & ts.SymbolFlags.Alias) {
      for (const declaration of declarations.slice(0, 2)) {
        const specifier = moduleSpecifierOf(declaration);
        if (specifier === undefined) continue;
        const cause = lookup(specifier, declaration.getSourceFile().fileName);
        if (cause !== undefined) return cause;
      }
      const target = checker.getImmediateAliasedSymbol(symbol);
      return target && target !== symbol ? fromSymbol(target, depth + 1) : undefined;
    }
    for (const declaration of declarations.slice(0, 3)) {
      const cause = fromDeclaration(declaration, depth + 1);
      if (cause !== undefined) return cause;
    }
    return undefined;
  };

  const fromReturns = (body: ts.Node | undefined, depth: number): Cause | undefined => {
    if (!body) return undefined;
    if (!ts.isBlock(body)) return fromExpression(body as ts.Expression, depth);
    let found: Cause | undefined;
    let seen = 0;
    const visit = (node: ts.Node): void => {
      if (found !== undefined || seen > 6 || ts.isFunctionLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression) {
        seen += 1;
        found = fromExpression(node.expression, depth);
        return;
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
    return found;
  };

  const fromDeclaration = (declaration: ts.Node, depth: number): Cause | undefined => {
    if (depth > maxDepth) return undefined;
    const known = memo.get(declaration);
    // A "not found" reached with less depth left may have been cut short; only then is it tried again.
    if (known && (known.cause !== undefined || known.pending || known.depth <= depth)) return known.cause;
    const entry: MemoEntry<Cause> = { cause: undefined, depth, pending: true };
    memo.set(declaration, entry);
    entry.cause = declarationCause(declaration, depth);
    entry.pending = false;
    return entry.cause;
  };

  const declarationCause = (declaration: ts.Node, depth: number): Cause | undefined => {
    if (declaration.getSourceFile().isDeclarationFile) {
      // A library's own declaration: only an empty interface a missing generator fills in is blamed.
      const owner = packageOfFile(declaration.getSourceFile().fileName);
      return owner && ts.isInterfaceDeclaration(declaration) && declaration.members.length === 0
        ? augmented(owner)
        : undefined;
    }
    if (ts.isBindingElement(declaration)) {
      let holder: ts.Node = declaration.parent;
      while (
        ts.isBindingElement(holder) ||
        ts.isObjectBindingPattern(holder) ||
        ts.isArrayBindingPattern(holder)
      )
        holder = holder.parent;
      return fromDeclaration(holder, depth + 1);
    }
    if (
      ts.isVariableDeclaration(declaration) ||
      ts.isParameter(declaration) ||
      ts.isPropertyDeclaration(declaration) ||
      ts.isPropertySignature(declaration) ||
      ts.isPropertyAssignment(declaration)
    ) {
      const typeNode = 'type' in declaration ? declaration.type : undefined;
      if (typeNode) return fromTypeNode(typeNode, depth + 1);
      if (ts.isParameter(declaration)) return fromContext(declaration.parent, depth + 1);
      const initializer = 'initializer' in declaration ? declaration.initializer : undefined;
      return initializer ? fromExpression(initializer, depth + 1) : undefined;
    }
    if (ts.isFunctionLike(declaration)) {
      if (declaration.type) return fromTypeNode(declaration.type, depth + 1);
      return 'body' in declaration ? fromReturns(declaration.body, depth + 1) : undefined;
    }
    if (ts.isShorthandPropertyAssignment(declaration))
      return fromSymbol(checker.getShorthandAssignmentValueSymbol(declaration), depth + 1);
    if (ts.isTypeAliasDeclaration(declaration)) return fromTypeNode(declaration.type, depth + 1);
    if (ts.isExportAssignment(declaration)) return fromExpression(declaration.expression, depth + 1, true);
    if (ts.isInterfaceDeclaration(declaration) || ts.isClassLike(declaration)) {
      for (const clause of declaration.heritageClauses ?? [])
        for (const type of clause.types) {
          const cause = fromExpression(type.expression, depth + 1);
          if (cause !== undefined) return cause;
        }
    }
    return undefined;
  };

  /** Where a callback's parameters should have got their types: the call or annotation around it. */
  const fromContext = (fn: ts.Node, depth: number): Cause | undefined => {
    let node = fn;
    let parent = node.parent;
    while (parent && (ts.isParenthesizedExpression(parent) || ts.isAwaitExpression(parent))) {
      node = parent;
      parent = parent.parent;
    }
    if (!parent || depth > maxDepth) return undefined;
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== node)
      return fromExpression(parent.expression, depth + 1, true) ?? fromTypeArguments(parent, depth + 1);
    if (ts.isVariableDeclaration(parent) && parent.type) return fromTypeNode(parent.type, depth + 1);
    if (ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent))
      return fromTypeNode(parent.type, depth + 1);
    if (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent))
      return fromContext(parent.parent, depth + 1);
    if (ts.isObjectLiteralExpression(parent) || ts.isArrayLiteralExpression(parent))
      return fromContext(parent, depth + 1);
    if (ts.isMethodDeclaration(node) && ts.isObjectLiteralExpression(parent))
      return fromContext(parent, depth + 1);
    if (ts.isJsxExpression(parent) && parent.parent && ts.isJsxAttribute(parent.parent)) {
      const element = parent.parent.parent.parent;
      if (ts.isJsxOpeningLikeElement(element) && !ts.isJsxNamespacedName(element.tagName))
        return fromExpression(element.tagName, depth + 1, true);
    }
    return undefined;
  };

  const fromExpression = (expression: ts.Expression, depth: number, anyway = false): Cause | undefined => {
    if (depth > maxDepth) return undefined;
    if (
      ts.isParenthesizedExpression(expression) ||
      ts.isNonNullExpression(expression) ||
      ts.isAwaitExpression(expression) ||
      ts.isSpreadElement(expression)
    )
      return fromExpression(expression.expression, depth + 1, anyway);
    if (ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression))
      return fromTypeNode(expression.type, depth + 1) ?? fromExpression(expression.expression, depth + 1);
    if (!anyway && !mentionsAny(expression)) return undefined;
    if (ts.isIdentifier(expression)) return fromSymbol(checker.getSymbolAtLocation(expression), depth + 1);
    if (ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression)) {
      return (
        fromExpression(expression.expression, depth + 1) ??
        (ts.isElementAccessExpression(expression)
          ? fromExpression(expression.argumentExpression, depth + 1)
          : undefined) ??
        fromSymbol(checker.getSymbolAtLocation(expression), depth + 1)
      );
    }
    if (ts.isObjectLiteralExpression(expression)) {
      for (const property of expression.properties.slice(0, 30)) {
        const value = ts.isPropertyAssignment(property)
          ? property.initializer
          : ts.isShorthandPropertyAssignment(property)
            ? property.name
            : ts.isSpreadAssignment(property)
              ? property.expression
              : undefined;
        const cause = value ? fromExpression(value, depth + 1) : undefined;
        if (cause !== undefined) return cause;
      }
      return undefined;
    }
    if (ts.isCallExpression(expression) || ts.isNewExpression(expression)) {
      const fromCallee =
        fromExpression(expression.expression, depth + 1) ?? fromTypeArguments(expression, depth + 1);
      if (fromCallee !== undefined) return fromCallee;
      // A generic call returns what its arguments gave it.
      for (const argument of expression.arguments ?? []) {
        const cause = ts.isFunctionLike(argument)
          ? fromReturns((argument as ts.ArrowFunction).body, depth + 1)
          : fromExpression(argument, depth + 1);
        if (cause !== undefined) return cause;
      }
      const signature = checker.getResolvedSignature(expression);
      return signature?.declaration ? fromDeclaration(signature.declaration, depth + 1) : undefined;
    }
    if (ts.isArrowFunction(expression) || ts.isFunctionExpression(expression))
      return fromReturns(expression.body, depth + 1);
    if (ts.isConditionalExpression(expression))
      return (
        fromExpression(expression.whenTrue, depth + 1) ?? fromExpression(expression.whenFalse, depth + 1)
      );
    if (ts.isBinaryExpression(expression))
      return fromExpression(expression.left, depth + 1) ?? fromExpression(expression.right, depth + 1);
    return undefined;
  };

  /** A generic call's explicit type arguments (`useLoaderData<typeof loader>()`). */
  const fromTypeArguments = (
    call: ts.CallExpression | ts.NewExpression,
    depth: number,
  ): Cause | undefined => {
    for (const typeArgument of call.typeArguments ?? []) {
      const cause = fromTypeNode(typeArgument, depth + 1);
      if (cause !== undefined) return cause;
    }
    return undefined;
  };

  const fromTypeNode = (typeNode: ts.Node, depth: number): Cause | undefined => {
    if (depth > maxDepth) return undefined;
    let found: Cause | undefined;
    const visit = (node: ts.Node): void => {
      if (found !== undefined) return;
      if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
        const literal = node.argument.literal;
        if (ts.isStringLiteral(literal)) found = lookup(literal.text, node.getSourceFile().fileName);
      } else if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node)) {
        let name: ts.Node = ts.isTypeReferenceNode(node) ? node.typeName : node.expression;
        while (ts.isQualifiedName(name) || ts.isPropertyAccessExpression(name))
          name = ts.isQualifiedName(name) ? name.left : name.expression;
        found = fromSymbol(checker.getSymbolAtLocation(name), depth + 1);
      } else if (ts.isTypeQueryNode(node)) {
        let name: ts.Node = node.exprName;
        while (ts.isQualifiedName(name)) name = name.left;
        found = fromSymbol(checker.getSymbolAtLocation(name), depth + 1);
      }
      if (found === undefined) ts.forEachChild(node, visit);
    };
    visit(typeNode);
    return found;
  };

  return {
    /** The cause behind a declaration whose type degraded to `any` (a parameter, a variable). */
    ofDeclaration: (declaration: ts.Node) => fromDeclaration(declaration, 0),
    /** The cause behind an expression's `any`. */
    ofExpression: (expression: ts.Expression) => fromExpression(expression, 0),
    /** The cause behind a type written in the code. */
    ofTypeNode: (typeNode: ts.Node) => fromTypeNode(typeNode, 0),
  };
}
