import ts from 'typescript';
import { isExternalSourceFile } from './api-finding.js';
import { extendsPackageClass, type OriginContext } from './value-origin.js';

function isExternalDeclaration(program: ts.Program, declaration: ts.Node | undefined): boolean {
  return declaration !== undefined && isExternalSourceFile(program, declaration.getSourceFile());
}

/** The constituents a property lookup must consider: a union's members, minus null and undefined. */
export function constituents(checker: ts.TypeChecker, type: ts.Type): ts.Type[] {
  const nonNullable = checker.getNonNullableType(type);
  return nonNullable.isUnion() ? nonNullable.types : [nonNullable];
}

const opaqueFlags =
  ts.TypeFlags.Any |
  ts.TypeFlags.Unknown |
  ts.TypeFlags.Never |
  ts.TypeFlags.TypeParameter |
  ts.TypeFlags.Index;

/** A string index signature lets any name through; a number index (arrays, strings) does not. */
function hasStringIndex(checker: ts.TypeChecker, type: ts.Type): boolean {
  const open =
    ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping | ts.TypeFlags.Any;
  return checker.getIndexInfosOfType(type).some((info) => (info.keyType.flags & open) !== 0);
}

/**
 * The declaration file behind a receiver type when every part of it is an external API with a
 * closed set of members; undefined when the type is open (any, index signatures, project types).
 */
export function closedExternalType(context: OriginContext, type: ts.Type): string | undefined {
  const { checker, program } = context;
  let file: string | undefined;
  for (const part of constituents(checker, type)) {
    if (part.flags & opaqueFlags) return undefined;
    // `Chalk & ChalkFunction`, `ServerResponse & { req }`: closed when every piece is.
    if (part.isIntersection()) {
      if (hasStringIndex(checker, part)) return undefined;
      for (const piece of part.types) {
        const pieceFile = closedExternalType(context, piece);
        if (!pieceFile) return undefined;
        file ??= pieceFile;
      }
      continue;
    }
    const apparent = checker.getApparentType(part);
    if (hasStringIndex(checker, apparent)) return undefined;
    const symbol = apparent.aliasSymbol ?? apparent.getSymbol();
    const declaration = symbol?.declarations?.[0];
    if (!symbol || !declaration) return undefined;
    if (symbol.flags & (ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule)) {
      if (
        !symbol.declarations?.some((node) => isExternalDeclaration(program, node) || ts.isSourceFile(node))
      ) {
        return undefined;
      }
    } else if (!isExternalDeclaration(program, declaration)) {
      const baseFile = packageBaseFile(context, apparent, declaration);
      if (!baseFile) return undefined;
      file ??= baseFile;
      continue;
    }
    if (symbol.name === 'globalThis') return undefined;
    file ??= declaration.getSourceFile().fileName;
  }
  return file;
}

/**
 * For an instance of a project class that extends a package class (`class Cli extends Command`),
 * the declaration file of the package class: its members are the package's API plus the class's own.
 */
function packageBaseFile(
  context: OriginContext,
  type: ts.Type,
  declaration: ts.Declaration,
): string | undefined {
  const { checker, program } = context;
  if (!ts.isClassLike(declaration) || !(type.flags & ts.TypeFlags.Object)) return undefined;
  if (!extendsPackageClass(context, declaration)) return undefined;
  let current: ts.Type | undefined = type;
  for (let depth = 0; current && depth < 12; depth += 1) {
    // `this` and generic instances are references to the class's declared type.
    if (
      current.flags & ts.TypeFlags.Object &&
      (current as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference
    )
      current = (current as ts.TypeReference).target;
    if (
      !(current.flags & ts.TypeFlags.Object) ||
      !((current as ts.ObjectType).objectFlags & ts.ObjectFlags.ClassOrInterface)
    )
      return undefined;
    const base: ts.Type | undefined = checker.getBaseTypes(current as ts.InterfaceType)[0];
    const baseDeclaration = base?.getSymbol()?.declarations?.[0];
    if (!base || !baseDeclaration) return undefined;
    if (isExternalDeclaration(program, baseDeclaration)) return baseDeclaration.getSourceFile().fileName;
    current = base;
  }
  return undefined;
}

/** The members a receiver offers, for "did you mean". */
export function memberNames(checker: ts.TypeChecker, type: ts.Type): string[] {
  const names = new Set<string>();
  for (const part of constituents(checker, type)) {
    for (const property of checker.getPropertiesOfType(checker.getApparentType(part)))
      names.add(property.name);
  }
  return [...names];
}

export function hasMember(checker: ts.TypeChecker, type: ts.Type, name: string): boolean {
  return constituents(checker, type).some(
    (part) => checker.getPropertyOfType(checker.getApparentType(part), name) !== undefined,
  );
}
