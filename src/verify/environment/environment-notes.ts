import type ts from 'typescript';
import { isNodeBuiltin, packageNameOf } from '../api/package-index.js';
import { type Finding, lineRange } from '../finding.js';
import { createAnyOrigin } from './any-origin.js';
import { type CodeGenerator, type MissingModule, missingGenerators } from './code-generators.js';
import { causeOfFinding, unresolvedModuleCodes } from './finding-cause.js';
import {
  findMissingDependencies,
  type MissingDependencies,
  typesPackageFor,
} from './missing-dependencies.js';
import { findMissingImports } from './missing-imports.js';

/** Rules of the notes that stand for findings the environment caused. */
export const environmentRules = {
  generatedCodeMissing: 'environment/generated-code-missing',
  dependenciesNotInstalled: 'environment/dependencies-not-installed',
} as const;

/** What the notes need from a run. */
export interface EnvironmentInput {
  root: string;
  compilerOptions: ts.CompilerOptions;
  /** The files the run reported on (absolute). */
  targets: readonly string[];
  getProgram(): ts.Program;
}

interface Cause {
  kind: 'generated' | 'dependencies';
  generator?: CodeGenerator;
  modules: Set<string>;
  suppressed: Finding[];
}

function listed(items: readonly string[], limit: number): string {
  const shown = items.slice(0, limit).join(', ');
  return items.length > limit ? `${shown} and ${items.length - limit} more` : shown;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function suppressedText(cause: Cause, subject: string): string {
  const files = [...new Set(cause.suppressed.map((finding) => finding.file))].sort();
  if (files.length === 0)
    return `No finding hinged on ${subject}, but the checks could not see what is missing.`;
  const count = cause.suppressed.length;
  return `${plural(count, 'finding')} that ${count === 1 ? 'hinges' : 'hinge'} on ${subject} ${count === 1 ? 'was' : 'were'} left out, in ${plural(files.length, 'file')}: ${listed(
    files.map((file) => (file === '.' ? '(project)' : file)),
    8,
  )}.`;
}

/** "The types and api checks", or the checks whose findings the cause took. */
function checksText(cause: Cause): string {
  const ids = [...new Set(['types', 'api', ...cause.suppressed.map((finding) => finding.checkId)])];
  const named = ids.length === 1 ? ids[0] : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`;
  return `The ${named} checks could not verify this code fully.`;
}

function generatedNote(cause: Cause): Finding {
  const generator = cause.generator as CodeGenerator;
  const modules = [...cause.modules].sort();
  return {
    checkId: 'environment',
    ruleId: environmentRules.generatedCodeMissing,
    severity: 'note',
    file: '.',
    range: lineRange(1),
    message: `Generated code is missing: ${generator.name} has not been run (${generator.evidence}), so ${plural(modules.length, 'module')} the code imports ${modules.length === 1 ? 'resolves' : 'resolve'} to nothing (${listed(modules, 5)}) and the types that come from ${modules.length === 1 ? 'it degrade' : 'them degrade'} to any. ${suppressedText(cause, 'it')} ${checksText(cause)}`,
    hint: `Run \`${generator.command}\` and verify again; this is the environment, not a defect in the code.`,
  };
}

function dependenciesNote(cause: Cause, missing: MissingDependencies): Finding {
  const what = missing.noneInstalled
    ? `The dependencies are not installed (no node_modules; ${plural(missing.packages.length, 'declared package')})`
    : `${plural(missing.packages.length, 'declared package')} ${missing.packages.length === 1 ? 'is' : 'are'} not installed (${listed(missing.packages, 8)})`;
  const lockfile = missing.install.lockfile ? ` (${missing.install.lockfile})` : '';
  return {
    checkId: 'environment',
    ruleId: environmentRules.dependenciesNotInstalled,
    severity: 'note',
    file: '.',
    range: lineRange(1),
    message: `${what}, so imports of ${missing.packages.length === 1 ? 'it resolve' : 'them resolve'} to nothing and the types that come from ${missing.packages.length === 1 ? 'it' : 'them'} degrade to any. ${suppressedText(cause, missing.packages.length === 1 ? 'it' : 'them')} ${checksText(cause)}`,
    hint: `Run \`${missing.install.command}\`${lockfile} and verify again; this is the environment, not a defect in the code.`,
  };
}

const unresolvedModuleRules = new Set([
  'api/missing-module',
  'api/missing-export',
  'api/package-not-installed',
]);

/** Whether a finding says that a module, or an export of one, is not there. */
function namesUnresolvedModule(finding: Finding): boolean {
  return (
    unresolvedModuleRules.has(finding.ruleId) ||
    (finding.tsCode !== undefined && unresolvedModuleCodes.has(finding.tsCode))
  );
}

/**
 * Replaces the findings that a missing environment explains with one note per cause: code a
 * declared generator writes (React Router typegen, the Prisma client) that is not there, or
 * dependencies that are not installed. Findings about the code itself are kept as they are.
 */
export function explainEnvironment(findings: readonly Finding[], input: EnvironmentInput): Finding[] {
  const { root } = input;
  const missing = findMissingDependencies(root);
  // Without a module that fails to resolve there is nothing to explain, and no reason to resolve every import.
  if (!missing && !findings.some(namesUnresolvedModule)) return [...findings];
  const program = input.getProgram();
  const missingModules = findMissingImports(program, input.targets, input.compilerOptions);
  const generators = missingGenerators(root, input.compilerOptions, missingModules);
  if (!missing && generators.length === 0) return [...findings];

  const dependencies: Cause = { kind: 'dependencies', modules: new Set(), suppressed: [] };
  const generated = new Map<CodeGenerator, Cause>(
    generators.map((generator) => [
      generator,
      { kind: 'generated', generator, modules: new Set(), suppressed: [] },
    ]),
  );
  const missingPackages = new Set(missing?.packages ?? []);
  const uninstalled = (name: string): Cause | undefined =>
    missingPackages.has(name) ? dependencies : undefined;
  const unresolved = new Set(missingModules.map((module) => `${module.fromFile}\u0000${module.specifier}`));
  const byKey = new Map(
    missingModules.map((module) => [`${module.fromFile}\u0000${module.specifier}`, module]),
  );
  const specifierCause = (specifier: string, fromFile: string): Cause | undefined => {
    // Node's own modules have their types in @types/node.
    if (isNodeBuiltin(specifier)) return uninstalled('@types/node');
    if (!specifier.startsWith('.') && !specifier.startsWith('/')) {
      const name = packageNameOf(specifier);
      const viaDependencies =
        uninstalled(name) ?? (missingPackages.has(name) ? undefined : uninstalledTypes(name));
      if (viaDependencies) return viaDependencies;
    }
    const key = `${fromFile}\u0000${specifier}`;
    const module: MissingModule = byKey.get(key) ?? { specifier, fromFile, candidates: [] };
    for (const [generator, cause] of generated) {
      const completes = generator.completesPackage?.(packageNameOf(specifier)) ?? false;
      if (
        completes ||
        ((unresolved.has(key) || fromFile.includes('/node_modules/')) && generator.owns(module))
      ) {
        if (!fromFile.includes('/node_modules/')) cause.modules.add(specifier);
        return cause;
      }
    }
    return undefined;
  };
  // A package whose types live in a missing `@types` package, installed itself or not.
  const uninstalledTypes = (name: string): Cause | undefined => uninstalled(typesPackageFor(name));
  for (const module of missingModules) specifierCause(module.specifier, module.fromFile);

  const origin = createAnyOrigin(program.getTypeChecker(), specifierCause, (packageName) =>
    [...generated.values()].find((cause) => cause.generator?.augments?.includes(packageName)),
  );
  const lookups = { root, program, specifier: specifierCause, uninstalled, origin };
  const kept: Finding[] = [];
  for (const finding of findings) {
    let cause: Cause | undefined;
    try {
      cause = causeOfFinding(finding, lookups);
    } catch {
      // A finding the tracer cannot follow stays: the note must never hide a defect.
      cause = undefined;
    }
    if (cause) cause.suppressed.push(finding);
    else kept.push(finding);
  }
  const notes: Finding[] = [];
  for (const cause of generated.values())
    if (cause.suppressed.length > 0 || cause.modules.size > 0) notes.push(generatedNote(cause));
  if (missing) notes.push(dependenciesNote(dependencies, missing));
  return [...kept, ...notes];
}
