import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type ts from 'typescript';

/** An import that resolves to nothing, with where its file would be. */
export interface MissingModule {
  specifier: string;
  /** The importing file (absolute). */
  fromFile: string;
  /** For a relative specifier, or one a tsconfig path maps: the paths it could have resolved to. */
  candidates: readonly string[];
}

/** A tool the project declares that writes modules its code imports: React Router typegen, Prisma… */
export interface CodeGenerator {
  id: string;
  /** The generator in words, such as `React Router typegen`. */
  name: string;
  /** The command that writes the missing code, such as `npx react-router typegen`. */
  command: string;
  /** Why Baton takes the project to use it, such as `package.json script "typecheck" runs it`. */
  evidence: string;
  /** Whether an import that resolved to nothing is this generator's output. */
  owns(missing: MissingModule): boolean;
  /** Packages whose empty interfaces it fills in by declaration merging (React Router's `Register`). */
  augments?: readonly string[];
  /** Whether a package's own types are incomplete until it runs (an ungenerated Prisma client). */
  completesPackage?(name: string): boolean;
}

interface Manifest {
  scripts: Record<string, string>;
  dependencies: Set<string>;
  prismaSchema: string | undefined;
}

function readManifest(root: string): Manifest {
  const scripts: Record<string, string> = {};
  const dependencies = new Set<string>();
  let prismaSchema: string | undefined;
  try {
    const parsed = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    if (parsed.scripts && typeof parsed.scripts === 'object')
      for (const [name, text] of Object.entries(parsed.scripts))
        if (typeof text === 'string') scripts[name] = text;
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
      const entries = parsed[field];
      if (entries && typeof entries === 'object')
        for (const name of Object.keys(entries)) dependencies.add(name);
    }
    const prisma = parsed.prisma as Record<string, unknown> | undefined;
    if (prisma && typeof prisma.schema === 'string') prismaSchema = resolve(root, prisma.schema);
  } catch {
    // No package.json, or one that does not parse: no scripts and no dependencies to go by.
  }
  return { scripts, dependencies, prismaSchema };
}

/** The command a script runs for a generator (`prisma generate --sql`), and which script. */
function scriptRunning(
  scripts: Record<string, string>,
  pattern: RegExp,
): { script: string; command: string } | undefined {
  for (const [script, text] of Object.entries(scripts)) {
    const match = pattern.exec(text);
    if (match) return { script, command: match[0].trim() };
  }
  return undefined;
}

function isUnder(file: string, folder: string): boolean {
  return file === folder || file.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

function reactRouterTypegen(
  root: string,
  manifest: Manifest,
  options: ts.CompilerOptions,
): CodeGenerator | undefined {
  const script = scriptRunning(manifest.scripts, /react-router typegen[^&|;]*/);
  const typesFolder = join(root, '.react-router');
  const configured = (options.rootDirs ?? []).some((folder) => isUnder(resolve(root, folder), typesFolder));
  const uses = script || configured || manifest.dependencies.has('@react-router/dev');
  if (!uses || existsSync(join(typesFolder, 'types'))) return undefined;
  return {
    id: 'react-router-typegen',
    name: 'React Router typegen',
    command: `npx ${script?.command ?? 'react-router typegen'}`,
    evidence: script
      ? `package.json script "${script.script}" runs it`
      : configured
        ? 'tsconfig rootDirs lists .react-router/types'
        : 'the project depends on @react-router/dev',
    augments: ['react-router', '@react-router/dev'],
    // Only route types and its virtual modules: other files rootDirs would mirror there are not its output.
    owns: ({ specifier }) =>
      /(^|\/)\+types\//.test(specifier) || specifier.startsWith('virtual:react-router/'),
  };
}

function findPrismaSchema(root: string, manifest: Manifest): string | undefined {
  const candidates = [
    manifest.prismaSchema,
    join(root, 'prisma', 'schema.prisma'),
    join(root, 'schema.prisma'),
    join(root, 'prisma', 'schema'),
  ];
  return candidates.find(
    (candidate): candidate is string => candidate !== undefined && existsSync(candidate),
  );
}

/** Output folders the schema's generators name (`output = "../app/generated/prisma"`). */
function prismaOutputs(schema: string): string[] {
  const files = schema.endsWith('.prisma')
    ? [schema]
    : readdirSync(schema)
        .filter((name) => name.endsWith('.prisma'))
        .map((name) => join(schema, name));
  const folder = schema.endsWith('.prisma') ? dirname(schema) : schema;
  const outputs: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^\s*output\s*=\s*"([^"]+)"/gm))
      if (match[1]) outputs.push(resolve(folder, match[1]));
  }
  return outputs;
}

function prismaGenerate(root: string, manifest: Manifest): CodeGenerator | undefined {
  const schema = findPrismaSchema(root, manifest);
  if (!schema) return undefined;
  const outputs = prismaOutputs(schema);
  // The default output lives in node_modules/.prisma/client, next to whichever @prisma/client is installed.
  const defaultGenerated = [root, ...ancestors(root)].some((folder) =>
    existsSync(join(folder, 'node_modules', '.prisma', 'client', 'index.d.ts')),
  );
  const customMissing = outputs.filter((output) => !existsSync(output));
  if (defaultGenerated && customMissing.length === 0) return undefined;
  const script = scriptRunning(manifest.scripts, /prisma generate[^&|;]*/);
  return {
    id: 'prisma-generate',
    name: 'the Prisma client generator',
    command: `npx ${script?.command ?? 'prisma generate'}`,
    evidence: script
      ? `${relative(root, schema)} exists and package.json script "${script.script}" runs it`
      : `${relative(root, schema)} exists`,
    owns: ({ specifier, candidates }) =>
      specifier.startsWith('.prisma/') ||
      (!defaultGenerated && specifier.startsWith('@prisma/client')) ||
      candidates.some((candidate) => customMissing.some((output) => isUnder(candidate, output))),
    completesPackage: (name) => !defaultGenerated && name === '@prisma/client',
  };
}

function ancestors(folder: string): string[] {
  const list: string[] = [];
  let current = dirname(folder);
  while (current !== dirname(current)) {
    list.push(current);
    current = dirname(current);
  }
  return list;
}

/** Paths git ignores, of those given; empty outside a git repository. */
function gitIgnored(root: string, paths: readonly string[]): Set<string> {
  if (paths.length === 0) return new Set();
  try {
    const output = execFileSync('git', ['check-ignore', '--no-index', '--stdin'], {
      cwd: root,
      input: paths.map((path) => relative(root, path)).join('\n'),
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    return new Set(
      output
        .split('\n')
        .filter(Boolean)
        .map((path) => resolve(root, path)),
    );
  } catch {
    // Exit code 1: none is ignored; no git: nothing to go by.
    return new Set();
  }
}

const generatedPathPattern = /(^|[\\/])(__generated__|generated|\.generated)([\\/]|$)|\.gen\.[cm]?[jt]sx?$/;
const generatorScriptPattern = /\b(?:typegen|codegen|generate|gen)\b/;
const knownGeneratorPattern = /react-router typegen|prisma generate/;

/**
 * Generated code the project writes with a tool of its own (a build plugin, a codegen script): a
 * missing relative import into a git-ignored path, or a path named like generated output.
 */
function projectScriptGenerator(
  root: string,
  manifest: Manifest,
  missing: readonly MissingModule[],
): CodeGenerator | undefined {
  const relativeCandidates = missing.flatMap((module) => module.candidates.slice(0, 1));
  const ignored = gitIgnored(root, relativeCandidates);
  const isGenerated = (module: MissingModule) =>
    module.candidates.some(
      (candidate) => ignored.has(candidate) || generatedPathPattern.test(relative(root, candidate)),
    );
  if (!missing.some(isGenerated)) return undefined;
  // A script that runs a generator named above (prisma generate, react-router typegen) writes other files.
  const generatorScript = Object.entries(manifest.scripts).find(
    ([name, text]) => generatorScriptPattern.test(`${name} ${text}`) && !knownGeneratorPattern.test(text),
  );
  const [script] = generatorScript ?? (manifest.scripts.build ? ['build'] : [undefined]);
  return {
    id: 'project-generator',
    name: script ? `the project's "${script}" script` : "the project's build",
    command: script ? `npm run ${script}` : 'the build step that writes the ignored files',
    evidence: 'the imports point into git-ignored or generated-output paths',
    owns: isGenerated,
  };
}

/** The code generators a project declares whose output is missing, in the order they are tried. */
export function missingGenerators(
  root: string,
  options: ts.CompilerOptions,
  missing: readonly MissingModule[],
): CodeGenerator[] {
  const manifest = readManifest(root);
  const known = [reactRouterTypegen(root, manifest, options), prismaGenerate(root, manifest)].filter(
    (generator): generator is CodeGenerator => generator !== undefined,
  );
  const unclaimed = missing.filter((module) => !known.some((generator) => generator.owns(module)));
  const fallback = projectScriptGenerator(root, manifest, unclaimed);
  return fallback ? [...known, fallback] : known;
}
