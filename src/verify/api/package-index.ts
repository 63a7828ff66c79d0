import { existsSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { globSync } from 'tinyglobby';

/** Dependency fields of package.json, in the order npm reads them. */
const dependencyFields = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
] as const;

/** A package found in node_modules: its name, version and folder. */
export interface InstalledPackage {
  name: string;
  version: string;
  directory: string;
}

/** The package a bare import specifier names: `@scope/name` or `name`, without a subpath. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Whether a specifier names a package (not a relative path, an absolute path or a URL). */
export function isBareSpecifier(specifier: string): boolean {
  return !/^(\.{1,2}(\/|$)|\/|[a-z][a-z0-9+.-]*:(?!$))/i.test(specifier) || specifier.startsWith('node:');
}

/**
 * Built-ins reachable only with the `node:` prefix. Some are newer than the Node.js Baton runs on
 * (`node:sqlite` came in 22.5), and a project may target that newer Node.js.
 */
export const prefixOnlyBuiltins = ['test', 'test/reporters', 'sqlite', 'sea'];

/** Whether a specifier names a Node.js built-in module (`fs`, `node:fs`, `fs/promises`, `node:sqlite`). */
export function isNodeBuiltin(specifier: string): boolean {
  return (
    isBuiltin(specifier) ||
    (specifier.startsWith('node:') && prefixOnlyBuiltins.includes(specifier.slice('node:'.length)))
  );
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function packageNamesInLockfile(root: string): Set<string> {
  const names = new Set<string>();
  const npmLock = readJson(join(root, 'package-lock.json')) ?? readJson(join(root, 'npm-shrinkwrap.json'));
  const packages = npmLock?.packages;
  if (packages && typeof packages === 'object') {
    for (const key of Object.keys(packages)) {
      const index = key.lastIndexOf('node_modules/');
      if (index >= 0) names.add(key.slice(index + 'node_modules/'.length));
    }
  }
  for (const file of ['pnpm-lock.yaml', 'yarn.lock', 'bun.lock']) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    // Lockfile keys start with the package name followed by @version; reading names is all we need.
    for (const match of readFileSync(path, 'utf8').matchAll(/^\s{0,4}["']?\/?((?:@[\w.-]+\/)?[\w.-]+)@/gm)) {
      if (match[1]) names.add(match[1]);
    }
  }
  return names;
}

/**
 * What a project declares and has installed, read offline from package.json, the lockfile and
 * node_modules; the API check asks it whether an imported package is real and at which version.
 */
export class PackageIndex {
  readonly root: string;
  /** Declared dependency names, with the field that declares each. */
  readonly declared: ReadonlyMap<string, string>;
  readonly lockfileNames: ReadonlySet<string>;
  readonly hasManifest: boolean;
  readonly manifestName: string | undefined;
  /** Packages of the repository's own workspaces (npm, yarn, pnpm), by name, with their folders. */
  readonly workspacePackages: ReadonlyMap<string, string>;
  private readonly installedCache = new Map<string, InstalledPackage | undefined>();
  private readonly ownerCache = new Map<string, InstalledPackage | undefined>();
  private readonly manifestCache = new Map<string, Record<string, unknown> | undefined>();

  constructor(root: string) {
    this.root = root;
    const manifest = readJson(join(root, 'package.json'));
    this.hasManifest = manifest !== undefined;
    this.manifestName = typeof manifest?.name === 'string' ? manifest.name : undefined;
    const declared = new Map<string, string>();
    for (const field of dependencyFields) {
      const entries = manifest?.[field];
      if (entries && typeof entries === 'object') {
        for (const name of Object.keys(entries)) if (!declared.has(name)) declared.set(name, field);
      }
    }
    this.declared = declared;
    this.lockfileNames = packageNamesInLockfile(root);
    this.workspacePackages = findWorkspacePackages(root, manifest);
  }

  /**
   * Whether a package is declared: in the root package.json, or in the package.json of the
   * workspace package the importing file belongs to (a monorepo package declares its own).
   */
  isDeclared(name: string, fromDirectory?: string): boolean {
    if (this.declared.has(name) || name === this.manifestName) return true;
    const manifest = fromDirectory ? this.nearestManifest(fromDirectory) : undefined;
    if (!manifest || manifest.path === join(this.root, 'package.json')) return false;
    return (
      manifest.content.name === name ||
      dependencyFields.some((field) => {
        const entries = manifest.content[field];
        return Boolean(entries && typeof entries === 'object' && name in entries);
      })
    );
  }

  /** The closest package.json at or above a folder, up to the root: the package a file belongs to. */
  nearestManifest(fromDirectory: string): { path: string; content: Record<string, unknown> } | undefined {
    let directory = resolve(fromDirectory);
    for (;;) {
      const path = join(directory, 'package.json');
      if (!this.manifestCache.has(path)) this.manifestCache.set(path, readJson(path));
      const content = this.manifestCache.get(path);
      if (content) return { path, content };
      const parent = dirname(directory);
      if (directory === this.root || parent === directory || !directory.startsWith(this.root))
        return undefined;
      directory = parent;
    }
  }

  /**
   * Whether a `#name` specifier matches an entry of the `imports` field of the package a file
   * belongs to (exact keys, and patterns with one `*`), as Node.js resolves package imports.
   */
  hasPackageImport(specifier: string, fromDirectory: string): boolean {
    const imports = this.nearestManifest(fromDirectory)?.content.imports;
    if (!imports || typeof imports !== 'object') return false;
    return Object.keys(imports).some((key) => {
      const star = key.indexOf('*');
      if (star < 0) return key === specifier;
      const prefix = key.slice(0, star);
      const suffix = key.slice(star + 1);
      return specifier.length >= key.length - 1 && specifier.startsWith(prefix) && specifier.endsWith(suffix);
    });
  }

  /** The installed copy Node.js would load for `name` from `fromDirectory`, searching node_modules upwards. */
  findInstalled(name: string, fromDirectory: string = this.root): InstalledPackage | undefined {
    const key = `${fromDirectory}\u0000${name}`;
    if (this.installedCache.has(key)) return this.installedCache.get(key);
    let found: InstalledPackage | undefined;
    let directory = fromDirectory;
    for (;;) {
      const candidate = join(directory, 'node_modules', name);
      const manifest = readJson(join(candidate, 'package.json'));
      if (manifest) {
        found = {
          name,
          version: typeof manifest.version === 'string' ? manifest.version : '0.0.0',
          directory: candidate,
        };
        break;
      }
      const parent = dirname(directory);
      if (parent === directory) break;
      directory = parent;
    }
    this.installedCache.set(key, found);
    return found;
  }

  /** Whether the project has a node_modules folder at all (a fresh clone has none). */
  hasNodeModules(): boolean {
    try {
      return statSync(join(this.root, 'node_modules')).isDirectory();
    } catch {
      return false;
    }
  }

  /** The installed package a file belongs to (a declaration file in node_modules), with its version. */
  packageOwning(fileName: string): InstalledPackage | undefined {
    const normalized = fileName.split('/').join(sep);
    const marker = `${sep}node_modules${sep}`;
    const index = normalized.lastIndexOf(marker);
    if (index < 0) return undefined;
    const rest = normalized.slice(index + marker.length).split(sep);
    const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? '');
    const directory = join(normalized.slice(0, index + marker.length), ...name.split('/'));
    if (this.ownerCache.has(directory)) return this.ownerCache.get(directory);
    const manifest = readJson(join(directory, 'package.json'));
    const owner = manifest
      ? { name, version: typeof manifest.version === 'string' ? manifest.version : '0.0.0', directory }
      : undefined;
    this.ownerCache.set(directory, owner);
    return owner;
  }

  /**
   * The text "checked against" names for a declaration file: the runtime package and version,
   * and the types package when the types come from DefinitelyTyped.
   */
  describeOwner(fileName: string, fromDirectory: string): string | undefined {
    const owner = this.packageOwning(fileName);
    if (!owner) return undefined;
    const isLibFile = /[\\/]lib\.[\w.]+\.d\.ts$|[\\/]lib\.d\.ts$/.test(fileName);
    if ((owner.name === 'typescript' || owner.name.startsWith('@typescript/')) && isLibFile) {
      return `TypeScript ${owner.version} lib`;
    }
    if (owner.name === '@types/node')
      return `Node.js ${process.versions.node} built-ins (types: @types/node@${owner.version})`;
    if (owner.name.startsWith('@types/')) {
      const bare = owner.name.slice('@types/'.length);
      const runtimeName = bare.includes('__') ? `@${bare.replace('__', '/')}` : bare;
      const runtime = this.findInstalled(runtimeName, fromDirectory);
      return runtime
        ? `${runtime.name}@${runtime.version} (types: ${owner.name}@${owner.version})`
        : `${owner.name}@${owner.version}`;
    }
    return `${owner.name}@${owner.version}`;
  }
}

function workspacePatterns(root: string, manifest: Record<string, unknown> | undefined): string[] {
  const field = manifest?.workspaces;
  const list = Array.isArray(field)
    ? field
    : field && typeof field === 'object' && Array.isArray((field as { packages?: unknown }).packages)
      ? (field as { packages: unknown[] }).packages
      : [];
  const patterns = list.filter((item): item is string => typeof item === 'string');
  const pnpmPath = join(root, 'pnpm-workspace.yaml');
  if (existsSync(pnpmPath)) {
    // pnpm lists its globs as `- 'packages/*'` under `packages:`; reading the list items is enough.
    for (const match of readFileSync(pnpmPath, 'utf8').matchAll(/^\s*-\s*["']?([^"'#\n]+?)["']?\s*$/gm)) {
      if (match[1]) patterns.push(match[1]);
    }
  }
  return patterns;
}

/** The repository's own workspace packages by name: local code, never an npm package to look up. */
function findWorkspacePackages(
  root: string,
  manifest: Record<string, unknown> | undefined,
): Map<string, string> {
  const packages = new Map<string, string>();
  const patterns = workspacePatterns(root, manifest);
  const included = patterns.filter((pattern) => !pattern.startsWith('!'));
  if (included.length === 0) return packages;
  const manifests = globSync(
    included.map((pattern) => `${pattern.replace(/\/+$/, '')}/package.json`),
    {
      cwd: root,
      ignore: [
        '**/node_modules/**',
        ...patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1)),
      ],
      absolute: true,
    },
  );
  for (const path of manifests) {
    const name = readJson(path)?.name;
    if (typeof name === 'string') packages.set(name, dirname(resolve(path)));
  }
  return packages;
}
