import ts from 'typescript';
import {
  conventionalNames,
  isFrameworkConfiguration,
  lambdaEventOf,
  lambdaTypesPackage,
  typeKnowledge,
} from '../../recognise/index.js';
import { skipReason, stepBudgetPerFunction } from './analysis-limits.js';
import { rememberProgram } from './checker-programs.js';
import { returnContractHook } from './contract-check.js';
import type { ReturnContract } from './contract-sinks.js';
import { listenerIndex } from './dynamic-calls.js';
import { calledName, type FileFacts, lineOf, readFileFacts, skipOuter } from './file-facts.js';
import type { FunctionLike, FunctionSummary, SinkHit } from './function-summary.js';
import { hasOwnThis, recordThisAtExit } from './instance-state.js';
import { isFunctionLikeWithBody, libraryEntryPoints } from './library-api.js';
import type { SinkUse } from './sinks/index.js';
import { isRequestIdentifier } from './sources.js';
import { StatementWalker } from './statement-walker.js';
import { TaintEnvironment } from './taint-env.js';
import { type SinkKind, sourceTaint, type Tainted, type TaintOrigin } from './taint-value.js';
import type { WalkerHooks } from './walk-state.js';

export interface TaintSettings {
  /** Treat `process.env` as outside data. */
  envSources: boolean;
  /** Treat the parameters of exported functions as outside data. */
  libraryMode: boolean;
  /** Told of every sink met, tainted or not. */
  onSink?: (sink: SinkUse, node: ts.Node) => void;
  /** Expressions one function's walk may evaluate before it stops (a default budget when absent). */
  stepBudget?: number;
  /** What plan criteria promise functions return (HTML, SQL, a URL…), by function name; JSDoc is read from the code. */
  returnContracts?: ReadonlyMap<string, ReturnContract>;
  /** Told of each file left out and each function stopped at its step budget, with the reason. */
  onIncomplete?: (sourceFile: ts.SourceFile, node: ts.Node | undefined, reason: string) => void;
}

/** A finding of the taint analysis: a source reaching a sink, and where to report it. */
export interface TaintReport extends SinkHit {
  /** The file and node the finding points at: the sink, or the call leading to it when the sink is elsewhere. */
  reportFile: ts.SourceFile;
  reportNode: ts.Node;
  /** For library-mode findings: the exported function whose parameter is the source. */
  exportedFunction?: string;
}

/** Packages whose types are values (text, bytes, URLs), not services: the language's own lib and Node's buffers. */
const dataPackages = new Set(['typescript', 'node:buffer', 'node:url', 'undici-types']);
/** Calls that register a plugin, whose function gets the server and the plugin's own options. */
const pluginRegistrations = new Set(['register', 'fp', 'fastifyPlugin', 'plugin']);

/** Whether a parameter holds a service, a handle or a framework object rather than data a caller passes. */
function isServiceParameter(checker: ts.TypeChecker, parameter: ts.ParameterDeclaration): boolean {
  const type = checker.getTypeAtLocation(parameter.name);
  const knowledge = typeKnowledge(checker, type);
  if (knowledge.kind === 'package')
    // Built-in types augmented by @types/node (Uint8Array under Buffer) still make the value data.
    return !knowledge.origins.some((origin) =>
      dataPackages.has(origin.package.replace(/^node:(buffer|url)\b.*$/, 'node:$1')),
    );
  if (knowledge.kind === 'known') {
    // An instance of a class of the project's own (a repository, a service) is a collaborator, not input.
    const symbol = checker.getNonNullableType(type).getSymbol();
    return !!symbol && (symbol.flags & ts.SymbolFlags.Class) !== 0;
  }
  return ts.isIdentifier(parameter.name) && conventionalNames.service.test(parameter.name.text);
}

/**
 * Whether a function is a server plugin (`fastify.register(async (app, options) => …)`, a function
 * typed FastifyPluginAsync): its parameters are the server and its configuration, never outside data.
 */
function isPlugin(checker: ts.TypeChecker, fn: FunctionLike): boolean {
  const [first] = fn.parameters;
  if (!first) return false;
  if (isFrameworkConfiguration(checker, checker.getTypeAtLocation(first.name))) return true;
  let parent = fn.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent)))
    parent = parent.parent;
  return (
    !!parent &&
    ts.isCallExpression(parent) &&
    pluginRegistrations.has(calledName(parent.expression)) &&
    parent.arguments.some((argument) => skipOuter(argument) === fn)
  );
}

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
const libraryKindsAlways: ReadonlySet<SinkKind> = new Set(['code', 'deserialization', 'prototype']);

/** Functions with a name of their own are summarised once and reused; callbacks are walked where they appear. */
function hasOwnSummary(node: ts.Node): boolean {
  if (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isAccessor(node)
  )
    return node.body !== undefined;
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

function functionKey(fn: ts.Node): string {
  return `${fn.getSourceFile().fileName}:${fn.getStart()}`;
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
  rememberProgram(checker, program);
  const targets = new Set(targetFiles);
  const factsByFile = new Map<ts.SourceFile, FileFacts>();
  const moduleEnvironments = new Map<ts.SourceFile, TaintEnvironment>();
  const summaries = new Map<string, FunctionSummary>();
  const inProgress = new Set<string>();
  const reports: TaintReport[] = [];
  const exhausted = new Set<string>();
  const skipped = new Map<ts.SourceFile, boolean>();

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

  /** `{ email, imageUrl }`: the properties a parameter destructures, each traced apart; undefined for other shapes. */
  const destructuredFields = (name: ts.BindingName): string[] | undefined => {
    if (!ts.isObjectBindingPattern(name) || name.elements.length === 0) return undefined;
    const fields: string[] = [];
    for (const element of name.elements) {
      if (element.dotDotDotToken) return undefined;
      const property = element.propertyName ?? element.name;
      if (!ts.isIdentifier(property) && !ts.isStringLiteral(property)) return undefined;
      fields.push(property.text);
    }
    return fields;
  };

  const seedParameters = (fn: FunctionLike, key: string): Tainted[] => {
    const sourceFile = fn.getSourceFile();
    const lambdaEvent = lambdaEventOf(checker, fn, factsFor(sourceFile).modules.has(lambdaTypesPackage));
    if (lambdaEvent) {
      // A Lambda handler's event is the invocation's input, all of it; the context and callback are the runtime's.
      const [event] = fn.parameters;
      const origin: TaintOrigin = { category: 'request', label: event?.name.getText(sourceFile) ?? 'event' };
      if (lambdaEvent === 'name')
        origin.inferred = `\`${origin.label}\` is taken for a Lambda event because its function is exported as \`handler\`; it has no declared type`;
      // Every trigger delivers an object, so the event itself is not text: `console.log(event)` escapes what it holds.
      const taint = {
        ...sourceTaint(origin, lineOf(fn.parameters[0] as ts.ParameterDeclaration, sourceFile)),
        container: true,
      };
      return fn.parameters.map((_parameter, index) => (index === 0 ? [taint] : []));
    }
    if (isPlugin(checker, fn)) return fn.parameters.map(() => []);
    return fn.parameters.map((parameter, index) => {
      const line = lineOf(parameter, parameter.getSourceFile());
      if (isServiceParameter(checker, parameter)) return [];
      const names = ts.isIdentifier(parameter.name) ? [parameter.name.text] : [];
      if (ts.isIdentifier(parameter.name) && isRequestIdentifier(checker, parameter.name)) return [];
      const fields = destructuredFields(parameter.name);
      if (fields)
        return fields.map((field) =>
          sourceTaint(
            { category: 'parameter', label: field, parameterIndex: index, functionName: key, field },
            line,
            true,
          ),
        );
      const label = names[0] ?? parameter.name.getText();
      return [
        sourceTaint({ category: 'parameter', label, parameterIndex: index, functionName: key }, line, true),
      ];
    });
  };

  const hooks: WalkerHooks & { summaryOf(declaration: FunctionLike): FunctionSummary | undefined } = {
    checker,
    envSources: settings.envSources,
    factsFor,
    hasOwnSummary,
    reportSource,
    onSink: settings.onSink,
    onReturn: returnContractHook(settings.returnContracts ?? new Map(), functionKey, report, program),
    stepBudget: settings.stepBudget,
    onBudgetExhausted(sourceFile: ts.SourceFile, node: ts.Node | undefined) {
      const key = `${sourceFile.fileName}:${node?.pos ?? 0}`;
      if (exhausted.has(key)) return;
      exhausted.add(key);
      settings.onIncomplete?.(
        sourceFile,
        node,
        `a function's analysis stopped at its budget of ${settings.stepBudget ?? stepBudgetPerFunction} steps; flows past that point are not followed`,
      );
    },
    summaryOf(declaration: FunctionLike): FunctionSummary | undefined {
      const key = functionKey(declaration);
      const known = summaries.get(key);
      if (known) return known;
      if (inProgress.has(key) || !declaration.body) return undefined;
      const sourceFile = declaration.getSourceFile();
      if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile))
        return undefined;
      if (!skipped.has(sourceFile)) skipped.set(sourceFile, skipReason(sourceFile) !== undefined);
      if (skipped.get(sourceFile)) return undefined;
      inProgress.add(key);
      const summary: FunctionSummary = { returns: new Map(), returnsSources: [], hits: [] };
      const environment = moduleEnvironments.get(sourceFile)?.clone() ?? new TaintEnvironment();
      const walker = new StatementWalker(hooks, sourceFile, summary, environment);
      walker.functionKey = key;
      walker.root = declaration;
      if (hasOwnThis(declaration)) walker.thisAtReturns = new Map();
      const returned = walker.walkFunction(declaration, seedParameters(declaration, key));
      walker.collectReturns(returned, key);
      recordThisAtExit(walker);
      if (walker.thisAtReturns && walker.thisAtReturns.size > 0) summary.thisWrites = walker.thisAtReturns;
      inProgress.delete(key);
      summaries.set(key, summary);
      return summary;
    },
  };

  const sourceFiles = targetFiles.flatMap((fileName) => {
    const sourceFile = program.getSourceFile(fileName);
    if (!sourceFile) return [];
    const reason = skipReason(sourceFile);
    if (reason) {
      settings.onIncomplete?.(sourceFile, undefined, `the file is left out of the taint analysis: ${reason}`);
      return [];
    }
    return [sourceFile];
  });
  hooks.listenersOf = listenerIndex(checker, sourceFiles);
  for (const sourceFile of sourceFiles) {
    if (signal?.aborted) break;
    const walker = new StatementWalker(hooks, sourceFile, undefined);
    walker.root = sourceFile;
    moduleEnvironments.set(sourceFile, walker.environment);
    walker.statements(sourceFile.statements);
  }
  for (const sourceFile of sourceFiles) {
    if (signal?.aborted) break;
    const visit = (node: ts.Node): void => {
      const hasBody = isFunctionLikeWithBody(node) || (ts.isConstructorDeclaration(node) && !!node.body);
      if (hasBody && hasOwnSummary(node)) hooks.summaryOf(node as FunctionLike);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  if (settings.libraryMode) {
    for (const sourceFile of sourceFiles) {
      for (const { fn, name } of libraryEntryPoints(checker, sourceFile)) {
        const summary = hooks.summaryOf(fn);
        if (!summary) continue;
        const key = functionKey(fn);
        for (const hit of summary.hits) {
          if (hit.taint.origin.functionName !== key || hit.taint.origin.field !== undefined) continue;
          const embedded = hit.taint.combined && libraryKindsWhenEmbedded.has(hit.kind);
          if (embedded || libraryKindsAlways.has(hit.kind)) report(hit, name);
        }
      }
    }
  }
  return reports;
}
