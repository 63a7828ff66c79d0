import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import ts from 'typescript';
import { findMissingDependencies } from './environment/missing-dependencies.js';
import { type Finding, lineRange } from './finding.js';
import { loadVerifyProject, toProjectPath } from './project.js';

const builtins = new Set(builtinModules.filter((name) => !name.startsWith('_')));
const importPattern = /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g;

function importsNode(text: string): boolean {
  for (const match of text.matchAll(importPattern)) {
    const specifier = match[1] ?? '';
    if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0] ?? '')) return true;
  }
  return false;
}

/**
 * A note when the project uses Node's modules but the compiler has no types for them (no
 * `@types/node`): every call into `fs`, `path`, `process`… then goes unchecked, and a misspelt
 * member such as `fs.readFileSynk` passes the gate without a word. Nothing when the types are there.
 */
export function nodeTypesNote(root: string, tsconfig: string | undefined): Finding | undefined {
  const project = loadVerifyProject({ root, tsconfig });
  const probe = join(root, '__baton_probe__.ts');
  const types = ts.resolveTypeReferenceDirective('node', probe, project.compilerOptions, ts.sys);
  if (types.resolvedTypeReferenceDirective?.resolvedFileName) return undefined;
  // Declared but not installed: the dependencies note already says so, with the install command.
  if (findMissingDependencies(root)?.packages.includes('@types/node')) return undefined;
  const users: string[] = [];
  for (const file of project.rootNames) {
    if (file.includes('/node_modules/') || file.endsWith('.d.ts')) continue;
    try {
      if (importsNode(readFileSync(file, 'utf8'))) users.push(toProjectPath(root, file));
    } catch {
      // A file that cannot be read is reported by the checks themselves.
    }
    if (users.length === 3) break;
  }
  if (users.length === 0) return undefined;
  return {
    checkId: 'api',
    ruleId: 'api/node-types-missing',
    severity: 'note',
    file: '.',
    range: lineRange(1),
    message: `Node's types (@types/node) are not installed, so calls into Node's modules are not checked (used in ${users.join(', ')}): a misspelt member such as fs.readFileSynk, a wrong argument count or a removed API goes unreported.`,
    hint: 'Install them: npm install -D @types/node (the major version of the Node you run), and list "node" in compilerOptions.types if the tsconfig sets types.',
  };
}
