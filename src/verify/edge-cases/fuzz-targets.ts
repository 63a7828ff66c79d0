import ts from 'typescript';
import { collectModuleReferences } from '../api/package-rules.js';
import { toProjectPath } from '../project.js';
import { crashErrorNames, type FuzzTarget, type ValueShape } from './fuzz-job.js';

/** Modules whose use means a function may touch the world (files, processes, network, databases). */
const sideEffectModules = new Set([
  'fs',
  'fs/promises',
  'child_process',
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'dns',
  'tls',
  'cluster',
  'worker_threads',
  'readline',
  'pg',
  'mysql',
  'mysql2',
  'better-sqlite3',
  'sqlite3',
  'mongodb',
  'mongoose',
  'ioredis',
  'redis',
  '@prisma/client',
  'knex',
  'axios',
  'got',
  'node-fetch',
  'undici',
  'execa',
]);
const sideEffectCalls = /\b(fetch|process\.exit|process\.kill|eval)\s*\(/;
const testFile = /\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)__tests__\//;

/**
 * Whether a file, or a project file it imports, may have effects outside the process: such
 * functions are not fuzzed, since random input to `rm(path)` is not a test but a hazard.
 */
function touchesTheWorld(program: ts.Program, sourceFile: ts.SourceFile, seen = new Set<string>()): boolean {
  if (seen.has(sourceFile.fileName)) return false;
  seen.add(sourceFile.fileName);
  if (sideEffectCalls.test(sourceFile.text)) return true;
  for (const { specifier } of collectModuleReferences(sourceFile)) {
    const bare = specifier.replace(/^node:/, '');
    if (
      sideEffectModules.has(bare) ||
      sideEffectModules.has(
        bare
          .split('/')
          .slice(0, bare.startsWith('@') ? 2 : 1)
          .join('/'),
      )
    )
      return true;
    if (!specifier.startsWith('.')) continue;
    const resolved = ts.resolveModuleName(
      specifier,
      sourceFile.fileName,
      program.getCompilerOptions(),
      ts.sys,
    ).resolvedModule?.resolvedFileName;
    const imported = resolved ? program.getSourceFile(resolved) : undefined;
    if (imported && !imported.isDeclarationFile && touchesTheWorld(program, imported, seen)) return true;
  }
  return false;
}

/** Messages of built-in error types a file raises on purpose: `throw new TypeError('amount must be a number')`. */
export function deliberateMessages(sourceFile: ts.SourceFile): string[] {
  const messages = new Set<string>();
  const walk = (node: ts.Node) => {
    if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      crashErrorNames.includes(node.expression.text)
    ) {
      const argument = node.arguments?.[0];
      if (argument && ts.isStringLiteralLike(argument)) messages.add(argument.text);
      else if (argument && ts.isTemplateExpression(argument) && argument.head.text !== '')
        messages.add(argument.head.text);
    }
    ts.forEachChild(node, walk);
  };
  walk(sourceFile);
  return [...messages];
}

/** The fuzzable shape of a type, or undefined when it is not simple enough to generate. */
export function shapeOf(type: ts.Type, checker: ts.TypeChecker, depth = 0): ValueShape | undefined {
  if (depth > 3) return undefined;
  let nullable = false;
  let undefinable = false;
  let parts = type.isUnion() ? type.types : [type];
  if (parts.some((part) => part.flags & ts.TypeFlags.Null)) nullable = true;
  if (parts.some((part) => part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void))) undefinable = true;
  parts = parts.filter(
    (part) => !(part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)),
  );
  const flags = { nullable, undefinable };
  if (parts.length === 0) return undefined;
  if (parts.every((part) => part.flags & ts.TypeFlags.BooleanLiteral)) return { kind: 'boolean', ...flags };
  if (parts.every((part) => part.isStringLiteral() || part.isNumberLiteral()))
    return {
      kind: 'literal',
      values: parts.map((part) => (part as ts.LiteralType).value as string | number),
      ...flags,
    };
  if (parts.length > 1) return undefined;
  const [single] = parts;
  if (!single) return undefined;
  if (single.flags & ts.TypeFlags.String) return { kind: 'string', ...flags };
  if (single.flags & ts.TypeFlags.Number) return { kind: 'number', ...flags };
  if (single.flags & ts.TypeFlags.Boolean) return { kind: 'boolean', ...flags };
  if (checker.isArrayType(single)) {
    const [elementType] = checker.getTypeArguments(single as ts.TypeReference);
    const element = elementType ? shapeOf(elementType, checker, depth + 1) : undefined;
    return element ? { kind: 'array', element, ...flags } : undefined;
  }
  if (!(single.flags & ts.TypeFlags.Object) || single.getCallSignatures().length > 0) return undefined;
  const declarations = single.getSymbol()?.getDeclarations() ?? [];
  const plain = declarations.every(
    (declaration) =>
      (ts.isTypeLiteralNode(declaration) || ts.isInterfaceDeclaration(declaration)) &&
      !declaration.getSourceFile().isDeclarationFile,
  );
  if (!plain || declarations.length === 0) return undefined;
  const properties: { name: string; shape: ValueShape; optional: boolean }[] = [];
  for (const property of checker.getPropertiesOfType(single)) {
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    if (!declaration) return undefined;
    const shape = shapeOf(checker.getTypeOfSymbolAtLocation(property, declaration), checker, depth + 1);
    if (!shape) return undefined;
    properties.push({
      name: property.name,
      shape,
      optional: (property.flags & ts.SymbolFlags.Optional) !== 0,
    });
  }
  return { kind: 'object', properties, ...flags };
}

function functionOf(symbol: ts.Symbol): ts.SignatureDeclaration | undefined {
  const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
  if (!declaration) return undefined;
  if (ts.isFunctionDeclaration(declaration)) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const initializer = declaration.initializer;
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}

/** Where a target is declared, for its findings. */
export interface FuzzTargetLocation {
  line: number;
  column: number;
}

/**
 * The exported functions of the target files that can be fuzzed: every parameter of a simple type,
 * no rest parameter, one signature, in a file that neither is a test nor reaches outside the process.
 */
export function findFuzzTargets(
  program: ts.Program,
  root: string,
  targetFiles: readonly string[],
): { target: FuzzTarget; location: FuzzTargetLocation }[] {
  const checker = program.getTypeChecker();
  const found: { target: FuzzTarget; location: FuzzTargetLocation }[] = [];
  for (const fileName of targetFiles) {
    const relative = toProjectPath(root, fileName);
    if (testFile.test(relative) || relative.startsWith('..')) continue;
    const sourceFile = program.getSourceFile(fileName);
    if (!sourceFile || sourceFile.isDeclarationFile) continue;
    const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
    if (!moduleSymbol) continue;
    const exports = checker.getExportsOfModule(moduleSymbol);
    if (exports.length === 0 || touchesTheWorld(program, sourceFile)) continue;
    const messages = deliberateMessages(sourceFile);
    for (const exported of exports) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = functionOf(symbol);
      if (!declaration || declaration.getSourceFile() !== sourceFile) continue;
      if (
        declaration.parameters.length === 0 ||
        declaration.parameters.some((parameter) => parameter.dotDotDotToken)
      )
        continue;
      if (declaration.typeParameters && declaration.typeParameters.length > 0) continue;
      const parameters: FuzzTarget['parameters'] = [];
      for (const parameter of declaration.parameters) {
        const shape = shapeOf(checker.getTypeAtLocation(parameter), checker);
        if (!shape) break;
        parameters.push({
          name: ts.isIdentifier(parameter.name) ? parameter.name.text : 'argument',
          shape,
          optional: parameter.questionToken !== undefined || parameter.initializer !== undefined,
        });
      }
      if (parameters.length !== declaration.parameters.length) continue;
      const position = sourceFile.getLineAndCharacterOfPosition(declaration.getStart(sourceFile));
      found.push({
        target: {
          id: `${relative}#${exported.name}`,
          file: fileName,
          exportName: exported.name,
          parameters,
          deliberateMessages: messages,
        },
        location: { line: position.line + 1, column: position.character + 1 },
      });
    }
  }
  return found;
}
