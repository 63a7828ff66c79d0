import { builtinModules } from 'node:module';
import { type RepositoryFacts, testFrameworkPackages } from './repository-facts.js';

function importedPackages(code: string): string[] {
  const names = new Set<string>();
  for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)) {
    const specifier = match[1] ?? '';
    if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) continue;
    const name = specifier.startsWith('@')
      ? specifier.split('/').slice(0, 2).join('/')
      : specifier.split('/')[0];
    if (name && !builtinModules.includes(name)) names.add(name);
  }
  return [...names].sort();
}

const noDependenciesPattern =
  /\b(?:no|without|zero|avoid)\s+(?:external|third[- ]party|extra|additional)?\s*(?:dependencies|dependency|libraries|packages|deps)\b/i;

const frameworkNames: Record<string, string> = {
  jest: 'Jest',
  vitest: 'Vitest',
  mocha: 'Mocha',
  jasmine: 'Jasmine',
  ava: 'AVA',
  tap: 'tap',
  'node:test': 'node:test',
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where a prompt's text contradicts the repository: a test framework it does not use, "no external
 * dependencies" while an example imports one, a package version other than the installed one.
 */
export function contradictions(
  text: string,
  facts: RepositoryFacts,
  exampleCode: string,
): { message: string; suggestion: string }[] {
  const found: { message: string; suggestion: string }[] = [];
  if (facts.testFrameworks.length > 0) {
    for (const framework of [...Object.keys(testFrameworkPackages), 'node:test']) {
      if (facts.testFrameworks.includes(framework)) continue;
      const pattern =
        framework === 'node:test' ? /\bnode:test\b/i : new RegExp(`\\b${escapeRegExp(framework)}\\b`, 'i');
      const match = pattern.exec(text);
      if (!match) continue;
      const used = facts.testFrameworks.map((name) => frameworkNames[name] ?? name).join(' and ');
      found.push({
        message: `asks for ${frameworkNames[framework] ?? framework} where the repository uses ${used}`,
        suggestion: text.replace(match[0], frameworkNames[facts.testFrameworks[0] ?? ''] ?? used),
      });
    }
  }
  const noDependencies = noDependenciesPattern.exec(text);
  if (noDependencies) {
    const imported = importedPackages(exampleCode);
    if (imported.length > 0) {
      const declared = facts.dependencies
        .filter((dependency) => !dependency.development)
        .map((dependency) => dependency.name);
      found.push({
        message: `says "${noDependencies[0]}" while an example imports ${imported.map((name) => `"${name}"`).join(', ')}`,
        suggestion: `No new dependencies: use only what package.json declares${declared.length > 0 ? ` (${declared.join(', ')})` : ''}.`,
      });
    }
  }
  for (const dependency of facts.dependencies) {
    const version = dependency.installed;
    if (!version) continue;
    const pattern = new RegExp(
      `(?<![\\w@/-])${escapeRegExp(dependency.name)}(?:@|\\s+v?)(\\d+(?:\\.\\d+){0,2})(?![\\w.])`,
      'i',
    );
    const match = pattern.exec(text);
    const asked = match?.[1];
    if (!match || !asked) continue;
    const installedParts = version.split('.');
    if (asked.split('.').every((part, index) => part === installedParts[index])) continue;
    found.push({
      message: `names ${dependency.name} ${asked}, but ${version} is installed`,
      suggestion: text.replace(match[0], `${match[0].slice(0, match[0].length - asked.length)}${version}`),
    });
  }
  return found;
}
