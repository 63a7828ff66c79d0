import ts from 'typescript';

/** A type as its declarations name it: the package that declares it and the declared name. */
export interface DeclaredOrigin {
  /** The npm package, such as `express` (from `@types/express` too) or `node:http` for Node's own modules. */
  package: string;
  /** The declared interface, class or alias name, such as `Request` or `Pool`. */
  name: string;
}

/** What the checker knows about a value's type. */
export type TypeKnowledge =
  /** Declared by a package: its origin names what it is. */
  | { kind: 'package'; origins: readonly DeclaredOrigin[] }
  /** Declared by the project or the language (a class of its own, a string, an object literal). */
  | { kind: 'known' }
  /** `any`, or a type the checker could not resolve: only names are left to go by. */
  | { kind: 'untyped' };

const nodeModulesPattern = /[\\/]node_modules[\\/](@[^\\/]+[\\/][^\\/]+|[^\\/]+)[\\/](.*)$/;

/** The package a declaration file belongs to: `@types/express` is `express`, `@types/node/http.d.ts` is `node:http`. */
export function packageOfFile(fileName: string): string | undefined {
  const match = nodeModulesPattern.exec(fileName.replace(/\\/g, '/'));
  if (!match?.[1]) return undefined;
  const directory = match[1];
  const rest = match[2] ?? '';
  if (directory === '@types/node') {
    const module = rest.replace(/\.d\.ts$/, '').replace(/^(ts[\d.]+\/)/, '');
    return `node:${module}`;
  }
  if (directory.startsWith('@types/')) {
    const name = directory.slice('@types/'.length);
    return name.includes('__') ? `@${name.replace('__', '/')}` : name;
  }
  return directory;
}

/** The module an ambient `declare module "pg" { … }` block names, for shims in the project. */
function ambientModuleOf(declaration: ts.Node): string | undefined {
  let current: ts.Node | undefined = declaration.parent;
  while (current) {
    if (ts.isModuleDeclaration(current) && ts.isStringLiteral(current.name))
      return current.name.text.replace(/^node:/, 'node:');
    current = current.parent;
  }
  return undefined;
}

function originsOfSymbol(symbol: ts.Symbol | undefined): DeclaredOrigin[] {
  if (!symbol) return [];
  const origins: DeclaredOrigin[] = [];
  for (const declaration of symbol.declarations ?? []) {
    const sourceFile = declaration.getSourceFile();
    const ambient = ambientModuleOf(declaration);
    const fromFile = sourceFile.isDeclarationFile ? packageOfFile(sourceFile.fileName) : undefined;
    const module = ambient && !ambient.startsWith('.') ? normaliseAmbient(ambient, fromFile) : fromFile;
    if (module) origins.push({ package: module, name: symbol.getName() });
  }
  return origins;
}

/** `declare module "http"` inside `@types/node` is `node:http`; elsewhere the ambient name stands. */
function normaliseAmbient(ambient: string, fromFile: string | undefined): string {
  if (fromFile?.startsWith('node:')) return `node:${ambient.replace(/^node:/, '')}`;
  return ambient;
}

const untypedFlags = ts.TypeFlags.Any | ts.TypeFlags.Unknown;

/** Every package origin of a type: its alias, its symbol, the members of a union, and its base types. */
function collectOrigins(
  checker: ts.TypeChecker,
  type: ts.Type,
  origins: DeclaredOrigin[],
  depth: number,
): void {
  if (depth > 3) return;
  origins.push(...originsOfSymbol(type.aliasSymbol), ...originsOfSymbol(type.getSymbol()));
  if (type.isUnionOrIntersection())
    for (const member of type.types) collectOrigins(checker, member, origins, depth + 1);
  const target = (type as ts.TypeReference).target;
  if (target && target !== type) origins.push(...originsOfSymbol(target.getSymbol()));
  if (type.isClassOrInterface() || target?.isClassOrInterface()) {
    for (const base of checker.getBaseTypes((target ?? type) as ts.InterfaceType) ?? [])
      collectOrigins(checker, base, origins, depth + 1);
  }
}

/** What the checker says about a type: declared by a package (and which), known otherwise, or untyped. */
export function typeKnowledge(checker: ts.TypeChecker, type: ts.Type): TypeKnowledge {
  const nonNull = checker.getNonNullableType(type);
  if (nonNull.flags & untypedFlags) return { kind: 'untyped' };
  const origins: DeclaredOrigin[] = [];
  collectOrigins(checker, nonNull, origins, 0);
  const unique = origins.filter(
    (origin, index) =>
      origins.findIndex((other) => other.package === origin.package && other.name === origin.name) === index,
  );
  return unique.length > 0 ? { kind: 'package', origins: unique } : { kind: 'known' };
}

/** What the checker says about an expression's type. */
export function expressionKnowledge(checker: ts.TypeChecker, expression: ts.Expression): TypeKnowledge {
  return typeKnowledge(checker, checker.getTypeAtLocation(expression));
}

/** Whether any origin matches one of the packages and, when given, one of the declared names. */
export function hasOrigin(
  knowledge: TypeKnowledge,
  packages: ReadonlySet<string>,
  names?: ReadonlySet<string>,
): DeclaredOrigin | undefined {
  if (knowledge.kind !== 'package') return undefined;
  return knowledge.origins.find(
    (origin) => packages.has(origin.package) && (!names || names.has(origin.name)),
  );
}
