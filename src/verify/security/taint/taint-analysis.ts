import ts from 'typescript';
import { type FileFacts, lineOf, readFileFacts, skipOuter } from './file-facts.js';
import type { FunctionLike, FunctionSummary, SinkHit } from './function-summary.js';
import { isRequestIdentifier } from './sources.js';
import { StatementWalker } from './statement-walker.js';
import { TaintEnvironment } from './taint-env.js';
import { type SinkKind, sourceTaint, type Tainted } from './taint-value.js';

export interface TaintSettings {
  /** Treat `process.env` as outside data. */
  envSources: boolean;
  /** Treat the parameters of exported functions as outside data. */
  libraryMode: boolean;
}

/** A finding of the taint analysis: a source reaching a sink, and where to report it. */
export interface TaintReport extends SinkHit {
  /** The file and node the finding points at: the sink, or the call leading to it when the sink is elsewhere. */
  reportFile: ts.SourceFile;
  reportNode: ts.Node;
  /** For library-mode findings: the exported function whose parameter is the source. */
  exportedFunction?: string;
}

/** Parameter names that hold services or framework objects rather than data a caller passes. */
const handleNames =
  /^(db|pool|client|conn|connection|knex|trx|tx|prisma|sql|logger|log|res|response|reply|next|app|router|server|fs|cb|callback|done|repo|repository|model|collection|redis|cache|store|emitter|socket|ws|io|browser|page|ctx|context|req|request|c|env|signal)$/i;
const handleTypes =
  /\b(Pool|Client|Database|Knex|Connection|Logger|Request|Response|Reply|Context|Express|Application|Router|Server|Socket|Sequelize|PrismaClient|Collection|Model|Db|Redis|AbortSignal|EventEmitter)\b/;

/** Sources each sink kind listens to: a CLI reading its own arguments is not an attack on itself. */
const kindsByCategory: Record<'argv' | 'env' | 'browser', ReadonlySet<SinkKind>> = {
  argv: new Set(['shell', 'sql', 'code', 'deserialization']),
  env: new Set(['shell', 'sql', 'code', 'deserialization']),
  browser: new Set(['html', 'redirect', 'code']),
};
/** In library mode, a parameter counts where it is embedded into interpreted text, or reaches code or deserialisation at all. */
const libraryKindsWhenEmbedded: ReadonlySet<SinkKind> = new Set([
  'sql',
  'shell',
  'path',
  'html',
  'regexp',
  'xpath',
  'ldap',
  'nosql',
]);
const libraryKindsAlways: ReadonlySet<SinkKind> = new Set(['code', 'deserialization']);

function isFunctionLikeWithBody(node: ts.Node): node is FunctionLike {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)) &&
    node.body !== undefined
  );
}

/** Functions with a name of their own are summarised once and reused; callbacks are walked where they appear. */
function hasOwnSummary(node: ts.Node): boolean {
  if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) return node.body !== undefined;
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    let parent = node.parent;
    while (
      parent &&
      (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent))
    )
      parent = parent.parent;
    return (
      !!parent &&
      (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isExportAssignment(parent))
    );
  }
  return false;
}

function functionName(fn: FunctionLike): string {
  if (fn.name && (ts.isIdentifier(fn.name) || ts.isStringLiteral(fn.name))) return fn.name.text;
  const parent = fn.parent;
  if (
    parent &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) &&
    ts.isIdentifier(parent.name)
  )
    return parent.name.text;
  return ts.isExportAssignment(parent) ? 'default' : 'function';
}

function functionKey(fn: ts.Node): string {
  return `${fn.getSourceFile().fileName}:${fn.getStart()}`;
}

function isExported(node: ts.Node): boolean {
  return (
    ts.canHaveModifiers(node) &&
    !!ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
  );
}

/** The functions a file exports, for library mode: ESM exports, exported classes' public methods, CommonJS exports. */
export function exportedFunctions(checker: ts.TypeChecker, sourceFile: ts.SourceFile): FunctionLike[] {
  const found = new Set<FunctionLike>();
  const fromExpression = (expression: ts.Expression | undefined): void => {
    if (!expression) return;
    const inner = skipOuter(expression);
    if (isFunctionLikeWithBody(inner)) found.add(inner);
    else if (ts.isIdentifier(inner)) {
      const declaration = checker.getSymbolAtLocation(inner)?.valueDeclaration;
      if (declaration && isFunctionLikeWithBody(declaration)) found.add(declaration);
      else if (declaration && ts.isVariableDeclaration(declaration)) fromExpression(declaration.initializer);
    } else if (ts.isObjectLiteralExpression(inner)) {
      for (const property of inner.properties) {
        if (ts.isMethodDeclaration(property) && property.body) found.add(property);
        else if (ts.isPropertyAssignment(property)) fromExpression(property.initializer);
        else if (ts.isShorthandPropertyAssignment(property)) fromExpression(property.name);
      }
    }
  };
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && isExported(statement) && statement.body) found.add(statement);
    else if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const declaration of statement.declarationList.declarations)
        fromExpression(declaration.initializer);
    } else if (ts.isClassDeclaration(statement) && isExported(statement)) {
      for (const member of statement.members) {
        const isPrivate = (ts.canHaveModifiers(member) ? ts.getModifiers(member) : undefined)?.some(
          (modifier) =>
            modifier.kind === ts.SyntaxKind.PrivateKeyword ||
            modifier.kind === ts.SyntaxKind.ProtectedKeyword,
        );
        if (
          ts.isMethodDeclaration(member) &&
          member.body &&
          !isPrivate &&
          !ts.isPrivateIdentifier(member.name)
        )
          found.add(member);
      }
    } else if (ts.isExportAssignment(statement)) fromExpression(statement.expression);
    else if (
      ts.isExportDeclaration(statement) &&
      !statement.moduleSpecifier &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements)
        fromExpression(
          element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName : element.name,
        );
    } else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression)) {
      const left = statement.expression.left.getText(sourceFile);
      if (/^(module\.exports|exports)(\.\w+)?$/.test(left)) fromExpression(statement.expression.right);
    }
  }
  return [...found];
}

/**
 * Source-to-sink taint tracking over the shared program: each function is walked once with its
 * parameters as symbolic sources, giving a summary (which parameters reach a sink, which come back)
 * that every call reuses, in the same file or, through the checker, across imports.
 */
export function analyseTaint(
  program: ts.Program,
  targetFiles: readonly string[],
  settings: TaintSettings,
  signal?: AbortSignal,
): TaintReport[] {
  const checker = program.getTypeChecker();
  const targets = new Set(targetFiles);
  const factsByFile = new Map<ts.SourceFile, FileFacts>();
  const moduleEnvironments = new Map<ts.SourceFile, TaintEnvironment>();
  const summaries = new Map<string, FunctionSummary>();
  const inProgress = new Set<string>();
  const reports: TaintReport[] = [];

  const factsFor = (sourceFile: ts.SourceFile): FileFacts => {
    let facts = factsByFile.get(sourceFile);
    if (!facts) {
      facts = readFileFacts(sourceFile);
      factsByFile.set(sourceFile, facts);
    }
    return facts;
  };

  const report = (hit: SinkHit, exportedFunction?: string): void => {
    const candidates = [hit.node, ...hit.via];
    const location = candidates.find((node) => targets.has(node.getSourceFile().fileName));
    if (!location) return;
    const entry: TaintReport = { ...hit, reportFile: location.getSourceFile(), reportNode: location };
    if (exportedFunction) entry.exportedFunction = exportedFunction;
    reports.push(entry);
  };

  const reportSource = (hit: SinkHit): void => {
    const category = hit.taint.origin.category;
    if (category !== 'request' && category !== 'parameter' && !kindsByCategory[category].has(hit.kind))
      return;
    report(hit);
  };

  const seedParameters = (fn: FunctionLike, key: string): Tainted[] =>
    fn.parameters.map((parameter, index) => {
      const line = lineOf(parameter, parameter.getSourceFile());
      const type = parameter.type?.getText() ?? '';
      if (handleTypes.test(type)) return [];
      const names = ts.isIdentifier(parameter.name) ? [parameter.name.text] : [];
      if (ts.isIdentifier(parameter.name)) {
        if (handleNames.test(parameter.name.text) || isRequestIdentifier(checker, parameter.name)) return [];
      }
      const label = names[0] ?? parameter.name.getText();
      return [
        sourceTaint({ category: 'parameter', label, parameterIndex: index, functionName: key }, line, true),
      ];
    });

  const hooks = {
    checker,
    envSources: settings.envSources,
    factsFor,
    hasOwnSummary,
    reportSource,
    summaryOf(declaration: FunctionLike): FunctionSummary | undefined {
      const key = functionKey(declaration);
      const known = summaries.get(key);
      if (known) return known;
      if (inProgress.has(key) || !declaration.body) return undefined;
      const sourceFile = declaration.getSourceFile();
      if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile))
        return undefined;
      inProgress.add(key);
      const summary: FunctionSummary = { returns: new Map(), returnsSources: [], hits: [] };
      const environment = moduleEnvironments.get(sourceFile)?.clone() ?? new TaintEnvironment();
      const walker = new StatementWalker(hooks, sourceFile, summary, environment);
      const returned = walker.walkFunction(declaration, seedParameters(declaration, key));
      walker.collectReturns(returned, key);
      inProgress.delete(key);
      summaries.set(key, summary);
      return summary;
    },
  };

  const sourceFiles = targetFiles.flatMap((fileName) => {
    const sourceFile = program.getSourceFile(fileName);
    return sourceFile ? [sourceFile] : [];
  });
  for (const sourceFile of sourceFiles) {
    if (signal?.aborted) break;
    const walker = new StatementWalker(hooks, sourceFile, undefined);
    moduleEnvironments.set(sourceFile, walker.environment);
    walker.statements(sourceFile.statements);
  }
  for (const sourceFile of sourceFiles) {
    if (signal?.aborted) break;
    const visit = (node: ts.Node): void => {
      if (isFunctionLikeWithBody(node) && hasOwnSummary(node)) hooks.summaryOf(node);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  if (settings.libraryMode) {
    for (const sourceFile of sourceFiles) {
      for (const fn of exportedFunctions(checker, sourceFile)) {
        const summary = hooks.summaryOf(fn);
        if (!summary) continue;
        const name = functionName(fn);
        const key = functionKey(fn);
        for (const hit of summary.hits) {
          if (hit.taint.origin.functionName !== key) continue;
          const embedded = hit.taint.combined && libraryKindsWhenEmbedded.has(hit.kind);
          if (embedded || libraryKindsAlways.has(hit.kind)) report(hit, name);
        }
      }
    }
  }
  return reports;
}
