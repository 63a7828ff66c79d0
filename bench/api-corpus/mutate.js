// Injects the four API mistakes an AI makes into a corpus project's files and keeps only the mutants
// the TypeScript compiler confirms: the mutated file has a diagnostic the original did not have
// (JavaScript is compiled with checkJs for this, whatever the project says). Mutants keep every
// line where it was, so a finding's line says which mutant it found.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { moduleSpecifiers } from './corpus-project.js';

/** The mistake kinds, and the rules that count as finding each. */
export const mistakeKinds = {
  'missing-member': ['api/missing-member'],
  'missing-export': ['api/missing-export', 'api/missing-member'],
  'wrong-arity': ['api/wrong-arity'],
  'unknown-package': [
    'api/unknown-package',
    'api/nonexistent-package',
    'api/typosquat-package',
    'api/package-not-installed',
    'api/undeclared-package',
    'api/missing-module',
  ],
};

/** A small deterministic hash, so that the same checkout always gives the same corpus. */
function hash(text) {
  let value = 2166136261;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 16777619) >>> 0;
  }
  return value;
}

/** A plausible wrong name: a doubled letter, a plural, a common suffix or a dropped letter. */
export function misspell(name) {
  const variants = [`${name}${name.at(-1)}`, `${name}s`, `${name}All`, `${name}Sync`, `${name.slice(0, -1)}`];
  const pick = variants[hash(name) % variants.length];
  return pick.length > 0 && pick !== name ? pick : `${name}x`;
}

function isExternalFile(program, sourceFile) {
  return sourceFile.fileName.includes('/node_modules/') && !program.isSourceFileDefaultLibrary(sourceFile);
}

function isAssignmentTarget(node) {
  const parent = node.parent;
  return (
    ts.isBinaryExpression(parent) &&
    parent.left === node &&
    parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
    parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment
  );
}

function declaredInPackage(program, symbol) {
  const declarations = symbol?.declarations ?? [];
  return (
    declarations.length > 0 && declarations.every((node) => isExternalFile(program, node.getSourceFile()))
  );
}

function parameterRange(declaration) {
  if (!declaration?.parameters) return undefined;
  let min = 0;
  let max = 0;
  for (const parameter of declaration.parameters) {
    if (ts.isIdentifier(parameter.name) && parameter.name.text === 'this') continue;
    if (parameter.dotDotDotToken) return { min, max: Number.POSITIVE_INFINITY };
    max += 1;
    if (!parameter.questionToken && !parameter.initializer) min = max;
  }
  return { min, max };
}

/** Candidate edits in one file: `{ kind, start, end, text, line, detail }`, several per kind. */
function candidatesIn(program, checker, sourceFile) {
  const candidates = [];
  const lineOf = (node) => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  const add = (kind, node, start, end, text, detail) =>
    candidates.push({ kind, start, end, text, line: lineOf(node), detail });
  // A call's mistake is reported where its name is: the line of `.option` in a chain, not of `program`.
  const calleeName = (call) =>
    ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
  for (const literal of moduleSpecifiers(sourceFile)) {
    const specifier = literal.text;
    if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
    const name = specifier.startsWith('@')
      ? specifier.split('/').slice(0, 2).join('/')
      : specifier.split('/')[0];
    const invented = `${name}-${['utils', 'helpers', 'extra', 'plus'][hash(specifier) % 4]}`;
    add(
      'unknown-package',
      literal,
      literal.getStart(sourceFile) + 1,
      literal.getEnd() - 1,
      invented,
      `${specifier} -> ${invented}`,
    );
  }
  const visit = (node) => {
    if (ts.isImportSpecifier(node) && !node.isTypeOnly && !node.parent.parent.isTypeOnly) {
      const imported = node.propertyName ?? node.name;
      const declaration = node.parent.parent.parent;
      if (
        ts.isIdentifier(imported) &&
        ts.isImportDeclaration(declaration) &&
        !declaration.moduleSpecifier.text.startsWith('.')
      ) {
        const wrong = misspell(imported.text);
        const text = node.propertyName ? wrong : `${wrong} as ${node.name.text}`;
        add(
          'missing-export',
          imported,
          imported.getStart(sourceFile),
          imported.getEnd(),
          text,
          `${imported.text} -> ${wrong}`,
        );
      }
    } else if (
      ts.isBindingElement(node) &&
      ts.isObjectBindingPattern(node.parent) &&
      ts.isVariableDeclaration(node.parent.parent) &&
      node.parent.parent.initializer &&
      ts.isCallExpression(node.parent.parent.initializer) &&
      ts.isIdentifier(node.parent.parent.initializer.expression) &&
      node.parent.parent.initializer.expression.text === 'require' &&
      !node.dotDotDotToken
    ) {
      const property = node.propertyName ?? node.name;
      if (ts.isIdentifier(property) && ts.isIdentifier(node.name)) {
        const wrong = misspell(property.text);
        const text = node.propertyName ? wrong : `${wrong}: ${node.name.text}`;
        add(
          'missing-export',
          property,
          property.getStart(sourceFile),
          property.getEnd(),
          text,
          `${property.text} -> ${wrong}`,
        );
      }
    } else if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.name) &&
      !isAssignmentTarget(node)
    ) {
      if (declaredInPackage(program, checker.getSymbolAtLocation(node.name))) {
        const wrong = misspell(node.name.text);
        add(
          'missing-member',
          node.name,
          node.name.getStart(sourceFile),
          node.name.getEnd(),
          wrong,
          `${node.name.text} -> ${wrong}`,
        );
      }
    }
    // Loading a module is the unknown-package kind's business, not a call of a package's API.
    const loadsModule =
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require'));
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments && !loadsModule) {
      const signature = checker.getResolvedSignature(node);
      const declaration = signature?.getDeclaration();
      const type = checker.getTypeAtLocation(node.expression);
      const signatures = ts.isNewExpression(node) ? type.getConstructSignatures() : type.getCallSignatures();
      const ranges = signatures.map((item) => parameterRange(item.getDeclaration()));
      const spread = node.arguments.some((argument) => ts.isSpreadElement(argument));
      if (
        declaration &&
        isExternalFile(program, declaration.getSourceFile()) &&
        !spread &&
        ranges.every(Boolean)
      ) {
        const count = node.arguments.length;
        const max = Math.max(...ranges.map((range) => range.max));
        const min = Math.min(...ranges.map((range) => range.min));
        const close = node.arguments.end;
        if (count === max) {
          const text = count === 0 ? '{}' : ', {}';
          add('wrong-arity', calleeName(node), close, close, text, `${count} -> ${count + 1} arguments`);
        } else if (count === min && count > 0) {
          const last = node.arguments[count - 1];
          const start = count === 1 ? last.getStart(sourceFile) : node.arguments[count - 2].getEnd();
          if (!sourceFile.text.slice(start, last.getEnd()).includes('\n'))
            add(
              'wrong-arity',
              calleeName(node),
              start,
              last.getEnd(),
              '',
              `${count} -> ${count - 1} arguments`,
            );
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return candidates;
}

function diagnosticKeys(program, sourceFile) {
  return new Set(
    [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].map(
      (diagnostic) => `${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`,
    ),
  );
}

/**
 * Every confirmed mutant of a project, at most `perKind` per file and kind, chosen by hash.
 * @returns {{ file: string; kind: string; line: number; detail: string; text: string; confirmedBy: string }[]}
 */
export function generateMutants({ files, compilerOptions, perKind = 2 }) {
  const options = { ...compilerOptions, allowJs: true, checkJs: true, noEmit: true };
  const host = ts.createCompilerHost(options);
  const overrides = new Map();
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => overrides.get(name) ?? readFile(name);
  host.getSourceFile = (name, language, onError, shouldCreate) => {
    const text = overrides.get(name);
    return text === undefined
      ? getSourceFile(name, language, onError, shouldCreate)
      : ts.createSourceFile(name, text, language, true);
  };
  const baseline = ts.createProgram({ rootNames: files, options, host });
  const checker = baseline.getTypeChecker();
  const states = [];
  for (const file of files) {
    const sourceFile = baseline.getSourceFile(file);
    if (!sourceFile) continue;
    const queues = new Map();
    for (const candidate of candidatesIn(baseline, checker, sourceFile)) {
      const list = queues.get(candidate.kind) ?? [];
      list.push(candidate);
      queues.set(candidate.kind, list);
    }
    for (const list of queues.values())
      list.sort((left, right) => hash(`${file}:${left.start}`) - hash(`${file}:${right.start}`));
    const before = diagnosticKeys(baseline, sourceFile);
    states.push({
      file,
      original: readFileSync(file, 'utf8'),
      queues,
      kept: new Map(),
      before,
    });
  }
  // Each round mutates every file at most once and builds one program: a file's new diagnostics
  // belong to its own mutant, since a mutant never adds a diagnostic to another file's code.
  const mutants = [];
  for (;;) {
    const batch = [];
    for (const state of states) {
      for (const [kind, queue] of state.queues) {
        if ((state.kept.get(kind) ?? 0) >= perKind) continue;
        const candidate = queue.shift();
        if (!candidate) continue;
        const text =
          state.original.slice(0, candidate.start) + candidate.text + state.original.slice(candidate.end);
        batch.push({ state, candidate, text });
        break;
      }
    }
    if (batch.length === 0) break;
    for (const { state, text } of batch) overrides.set(state.file, text);
    const program = ts.createProgram({ rootNames: files, options, host, oldProgram: baseline });
    for (const { state, candidate, text } of batch) {
      const mutated = program.getSourceFile(state.file);
      const added = mutated
        ? [...diagnosticKeys(program, mutated)].filter((key) => !state.before.has(key))
        : [];
      if (added.length === 0) continue;
      state.kept.set(candidate.kind, (state.kept.get(candidate.kind) ?? 0) + 1);
      mutants.push({
        file: state.file,
        kind: candidate.kind,
        line: candidate.line,
        detail: candidate.detail,
        text,
        confirmedBy: added[0],
      });
    }
    overrides.clear();
  }
  return mutants;
}
