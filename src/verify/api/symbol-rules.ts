import ts from 'typescript';
import { closestMatch } from '../../core/suggest.js';
import { isJavaScriptFile } from '../project.js';
import { type ApiProblem, apiRules, isExternalSourceFile } from './api-finding.js';
import { closedExternalType, hasMember, memberNames } from './closed-types.js';
import { comesFromPackage } from './value-origin.js';

/** The checker's stand-in for a name that resolves to nothing. */
function isUnresolved(symbol: ts.Symbol): boolean {
  return symbol.name === 'unknown' && (symbol.declarations?.length ?? 0) === 0;
}

function declarationFileOf(symbol: ts.Symbol | undefined): string | undefined {
  return symbol?.declarations?.[0]?.getSourceFile().fileName;
}

export interface SymbolRuleContext {
  program: ts.Program;
  checker: ts.TypeChecker;
  sourceFile: ts.SourceFile;
  /** Member names the project adds at run time (expandos, statics, mixins): never reported. */
  assignedNames: ReadonlySet<string>;
  /**
   * Plain JavaScript the compiler does not check (no `checkJs`, no `// @ts-check`): a finding there
   * needs a receiver or callee whose type an installed package declares, not JSDoc or inference.
   */
  looseJavaScript?: boolean;
}

/** `import { name } from 'm'` and `import name from 'm'` where `m` has no such export. */
export function checkImportBinding(
  { checker }: SymbolRuleContext,
  binding: ts.ImportSpecifier | ts.ImportClause,
  moduleSpecifier: ts.Expression,
): ApiProblem | undefined {
  const moduleSymbol = checker.getSymbolAtLocation(moduleSpecifier);
  const nameNode = ts.isImportClause(binding) ? binding.name : (binding.propertyName ?? binding.name);
  if (!moduleSymbol || !nameNode) return undefined;
  const alias = checker.getSymbolAtLocation(
    ts.isImportClause(binding) ? (binding.name ?? nameNode) : binding.name,
  );
  if (!alias || (alias.flags & ts.SymbolFlags.Alias) === 0) return undefined;
  if (!isUnresolved(checker.getAliasedSymbol(alias))) return undefined;
  const importedName = ts.isImportClause(binding) ? 'default' : nameNode.getText();
  const exportNames = checker.getExportsOfModule(moduleSymbol).map((symbol) => symbol.name);
  // Same-case names first: `sqll` should suggest the function `sql`, not the interface `Sql`.
  const sameCase = (name: string) => (name[0] === importedName[0] ? 0 : 1);
  const candidates = exportNames
    .filter((name) => name !== 'default')
    .sort((left, right) => sameCase(left) - sameCase(right));
  const intended = closestMatch(importedName, candidates);
  const moduleName = ts.isStringLiteralLike(moduleSpecifier)
    ? moduleSpecifier.text
    : moduleSpecifier.getText();
  return {
    ruleId: apiRules.missingExport,
    node: nameNode,
    message:
      importedName === 'default'
        ? `Module "${moduleName}" has no default export.${intended ? ` Did you mean the named export "${intended}"?` : ''}`
        : `Module "${moduleName}" has no export named "${importedName}".${intended ? ` Did you mean "${intended}"?` : ''}`,
    hint: intended
      ? `Import "${intended}" instead.`
      : `Import one of the names "${moduleName}" exports${exportNames.length > 0 ? `, such as ${exportNames.slice(0, 5).join(', ')}` : ''}.`,
    ...(intended ? { suggestion: intended } : {}),
    declarationFile: declarationFileOf(moduleSymbol),
  };
}

function isExternalDeclaration(program: ts.Program, declaration: ts.Node | undefined): boolean {
  return declaration !== undefined && isExternalSourceFile(program, declaration.getSourceFile());
}

function describeReceiver(checker: ts.TypeChecker, type: ts.Type, expression: ts.Node): string {
  const symbol = type.getSymbol();
  if (symbol && symbol.flags & ts.SymbolFlags.ValueModule) return `module ${expression.getText()}`;
  return `type ${checker.typeToString(checker.getNonNullableType(type), undefined, ts.TypeFormatFlags.NoTruncation).slice(0, 120)}`;
}

/**
 * A parameter with no type of its own (`(event) => …` in JavaScript) gets one from its context,
 * often a broad one such as `Event` for every event; judging its members would guess.
 */
function isUntypedParameter(checker: ts.TypeChecker, identifier: ts.Identifier): boolean {
  const declaration = checker.getSymbolAtLocation(identifier)?.valueDeclaration;
  return (
    declaration !== undefined &&
    ts.isParameter(declaration) &&
    !declaration.type &&
    !ts.getJSDocType(declaration)
  );
}

/** TypeScript files: the compiler has already judged them, so its word on a member stands. */
function isCompilerChecked(context: SymbolRuleContext): boolean {
  return !isJavaScriptFile(context.sourceFile.fileName);
}

/** `receiver.name` where the receiver is an external API that has no member `name`. */
export function checkMemberAccess(
  context: SymbolRuleContext,
  receiver: ts.Expression,
  nameNode: ts.Identifier,
  kind: 'member' | 'export',
): ApiProblem | undefined {
  const { checker } = context;
  const name = nameNode.text;
  if (context.assignedNames.has(name)) return undefined;
  if (context.looseJavaScript) {
    if (!comesFromPackage(context, receiver)) return undefined;
  } else if (
    ts.isIdentifier(receiver) &&
    isUntypedParameter(checker, receiver) &&
    !isCompilerChecked(context)
  ) {
    return undefined;
  }
  const receiverType = checker.getTypeAtLocation(receiver);
  // `this` is a type parameter bounded by its class; its members are the class's.
  const type =
    receiver.kind === ts.SyntaxKind.ThisKeyword ? checker.getApparentType(receiverType) : receiverType;
  const declarationFile = closedExternalType(context, type);
  if (!declarationFile || hasMember(checker, type, name)) return undefined;
  const intended = closestMatch(name, memberNames(checker, type));
  const where = describeReceiver(checker, type, receiver);
  return {
    ruleId: kind === 'export' ? apiRules.missingExport : apiRules.missingMember,
    node: nameNode,
    message: `"${name}" does not exist on ${where}.${intended ? ` Did you mean "${intended}"?` : ''}`,
    hint: intended ? `Use "${intended}".` : `Use a member that ${where} declares; check its documentation.`,
    ...(intended ? { suggestion: intended } : {}),
    declarationFile,
  };
}

function parameterRange(signature: ts.Signature): { min: number; max: number } | undefined {
  const declaration = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
  if (!declaration || ts.isJSDocSignature(declaration)) return undefined;
  const parameters = declaration.parameters.filter(
    (parameter) => !(ts.isIdentifier(parameter.name) && parameter.name.text === 'this'),
  );
  let min = 0;
  let max = 0;
  for (const [index, parameter] of parameters.entries()) {
    if (parameter.dotDotDotToken) return { min, max: Number.POSITIVE_INFINITY };
    max += 1;
    const optional =
      parameter.questionToken !== undefined ||
      parameter.initializer !== undefined ||
      // A trailing `void` parameter may be left out, as the compiler allows.
      parameter.type?.kind === ts.SyntaxKind.VoidKeyword;
    if (!optional) min = index + 1;
  }
  return { min, max };
}

function describeCount(min: number, max: number): string {
  if (max === Number.POSITIVE_INFINITY) return `at least ${min} argument${min === 1 ? '' : 's'}`;
  if (min === max) return `${min} argument${min === 1 ? '' : 's'}`;
  return `${min} to ${max} arguments`;
}

function calleeName(expression: ts.Expression): ts.Node {
  if (ts.isPropertyAccessExpression(expression)) return expression.name;
  return expression;
}

/** A call or `new` of an external API with a number of arguments no overload accepts. */
export function checkArity(
  context: SymbolRuleContext,
  call: ts.CallExpression | ts.NewExpression,
): ApiProblem | undefined {
  const { checker, program } = context;
  const argumentsList = call.arguments ?? [];
  if (argumentsList.some((argument) => ts.isSpreadElement(argument))) return undefined;
  if (ts.isIdentifier(call.expression) && call.expression.text === 'require') return undefined;
  if (
    call.expression.kind === ts.SyntaxKind.SuperKeyword ||
    call.expression.kind === ts.SyntaxKind.ImportKeyword
  ) {
    return undefined;
  }
  if (context.looseJavaScript && !comesFromPackage(context, call.expression)) return undefined;
  const calleeType = checker.getTypeAtLocation(call.expression);
  if (calleeType.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
  const signatures = ts.isNewExpression(call)
    ? calleeType.getConstructSignatures()
    : calleeType.getCallSignatures();
  if (signatures.length === 0) return undefined;
  const ranges: { min: number; max: number }[] = [];
  for (const signature of signatures) {
    if (!isExternalDeclaration(program, signature.getDeclaration())) return undefined;
    const range = parameterRange(signature);
    if (!range) return undefined;
    ranges.push(range);
  }
  const count = argumentsList.length;
  if (ranges.some(({ min, max }) => count >= min && count <= max)) return undefined;
  const min = Math.min(...ranges.map((range) => range.min));
  const max = Math.max(...ranges.map((range) => range.max));
  const closest = signatures[0];
  const shape = closest ? checker.signatureToString(closest) : '';
  const name = calleeName(call.expression).getText();
  return {
    ruleId: apiRules.wrongArity,
    node: calleeName(call.expression),
    message: `${name} expects ${describeCount(min, max)}, but is called with ${count}.`,
    hint: `Call it as ${name}${shape.length > 240 ? `${shape.slice(0, 240)}…` : shape}${signatures.length > 1 ? ` (or one of its ${signatures.length} overloads)` : ''}.`,
    declarationFile: signatures[0]?.getDeclaration()?.getSourceFile().fileName,
  };
}

/** A deprecation note as one sentence: whitespace collapsed, cut to length, ending in a full stop. */
function sentence(note: string): string {
  const text = note.replace(/\s+/g, ' ').trim().slice(0, 200);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function deprecationOf(declaration: ts.Node | undefined): string | undefined {
  if (!declaration) return undefined;
  const tag = ts.getJSDocDeprecatedTag(declaration);
  if (!tag) return undefined;
  const comment = ts.getTextOfJSDocComment(tag.comment);
  return comment?.trim() ?? '';
}

/** The replacement a deprecation note names: `{@link name}`, `` `name` `` or "use someName". */
function replacementIn(text: string, deprecatedName: string): string | undefined {
  const quoted = /\{@link\s+([\w.$]+)[^}]*\}|`([\w.$]+)(?:\([^`]*\))?`/.exec(text);
  // Plain words count only when they look like code (camelCase or dotted), not "use the WHATWG API".
  const plain = /\b[Uu]se\s+([a-z_$][\w$]*(?:[A-Z.][\w$.]*)+)(?:\(\))?/.exec(text);
  const name = quoted?.[1] ?? quoted?.[2] ?? plain?.[1];
  return name && name !== deprecatedName ? name : undefined;
}

/** Use of an external API marked `@deprecated`: a call resolves to a deprecated overload, or a deprecated member is read. */
export function checkDeprecated(context: SymbolRuleContext, node: ts.Node): ApiProblem | undefined {
  const { checker, program } = context;
  let declaration: ts.Node | undefined;
  let nameNode: ts.Node = node;
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    nameNode = calleeName(node.expression);
    const symbol = checker.getSymbolAtLocation(nameNode);
    const target = symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const declarations = target?.declarations ?? [];
    if (declarations.length > 0 && declarations.every((item) => deprecationOf(item) !== undefined)) {
      declaration = declarations[0];
    } else {
      // Look at the signatures first: resolving the call (which checks every argument) is needed
      // only when some overloads are deprecated and others are not.
      const calleeType = checker.getTypeAtLocation(node.expression);
      const signatures = ts.isNewExpression(node)
        ? calleeType.getConstructSignatures()
        : calleeType.getCallSignatures();
      const tagged = signatures.filter(
        (signature) => deprecationOf(signature.getDeclaration()) !== undefined,
      );
      if (tagged.length === 0) return undefined;
      declaration =
        tagged.length === signatures.length
          ? tagged[0]?.getDeclaration()
          : checker.getResolvedSignature(node)?.getDeclaration();
    }
  } else {
    const symbol = checker.getSymbolAtLocation(node);
    const target = symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const declarations = target?.declarations ?? [];
    if (declarations.length === 0 || !declarations.every((item) => deprecationOf(item) !== undefined))
      return undefined;
    declaration = declarations[0];
  }
  const note = deprecationOf(declaration);
  if (note === undefined || !isExternalDeclaration(program, declaration)) return undefined;
  // The TypeScript lib's own deprecations (DOM, legacy ES) are left to editors; see deprecatedNames.
  if (declaration && program.isSourceFileDefaultLibrary(declaration.getSourceFile())) return undefined;
  const name = nameNode.getText();
  const replacement = replacementIn(note, name);
  return {
    ruleId: apiRules.deprecated,
    node: nameNode,
    message: `${name} is deprecated${note ? `: ${sentence(note)}` : '.'}${replacement ? ` Did you mean ${replacement}?` : ''}`,
    hint: replacement ? `Use ${replacement} instead.` : 'Use the API its documentation recommends instead.',
    ...(replacement ? { suggestion: replacement } : {}),
    declarationFile: declaration?.getSourceFile().fileName,
  };
}
