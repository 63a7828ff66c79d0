import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import ts from 'typescript';
import { type DialectEvidence, dialectOfClient } from './sql-dialect.js';

/** The tools whose migration layouts the SQL check knows; `sql` is a folder of plain SQL files. */
export type MigrationTool = 'sql' | 'code' | 'prisma' | 'drizzle' | 'knex' | 'postgrator' | 'node-pg-migrate';

/** What one config file of a migration tool says: where its migrations are, and for which database. */
export interface ToolConfig {
  tool: MigrationTool;
  /** Project path of the config file. */
  file: string;
  /** Project path of the folder its migrations live in. */
  folder: string;
  dialect: DialectEvidence | undefined;
  /** Drizzle's journal: migration file names (without `.sql`) in the order they apply. */
  order?: string[];
}

/** The database tooling a project declares, read from its config files and package.json. */
export interface DatabaseTools {
  configs: ToolConfig[];
  /** The dialect package.json's drivers name, when they name one dialect only. */
  packageDialect: DialectEvidence | undefined;
  dependencies: ReadonlySet<string>;
}

function readText(root: string, file: string): string | undefined {
  try {
    return readFileSync(join(root, file), 'utf8');
  } catch {
    return undefined;
  }
}

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** String values of properties with the given names anywhere in a JS/TS config module. */
export function stringProperties(
  fileName: string,
  text: string,
  names: readonly string[],
): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) {
      const name = node.name.text;
      if (names.includes(name) && ts.isStringLiteralLike(node.initializer)) {
        found.set(name, [...(found.get(name) ?? []), node.initializer.text]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function evidence(name: string | undefined, source: string): DialectEvidence | undefined {
  const dialect = name === undefined ? undefined : dialectOfClient(name);
  return dialect ? { dialect, source } : undefined;
}

/** One dialect for several stated names (knexfile environments), or none when they disagree. */
function agreed(names: readonly string[], source: (name: string) => string): DialectEvidence | undefined {
  const dialects = new Set(names.map(dialectOfClient).filter((dialect) => dialect !== undefined));
  const [name] = names.filter((candidate) => dialectOfClient(candidate) !== undefined);
  return dialects.size === 1 && name ? evidence(name, source(name)) : undefined;
}

function prismaConfigs(root: string, file: string): ToolConfig[] {
  const text = readText(root, file) ?? '';
  const folder = posix.dirname(file);
  if (file.endsWith('migration_lock.toml')) {
    const provider = /^\s*provider\s*=\s*"([^"]+)"/m.exec(text)?.[1];
    return [
      {
        tool: 'prisma',
        file,
        folder,
        dialect: evidence(provider, `provider = "${provider}" in ${file}`),
      },
    ];
  }
  const datasource = /datasource\s+\w+\s*\{([^}]*)\}/.exec(text)?.[1] ?? '';
  const provider = /provider\s*=\s*"([^"]+)"/.exec(datasource)?.[1];
  const schemaFolder = posix.basename(folder) === 'schema' ? posix.dirname(folder) : folder;
  return [
    {
      tool: 'prisma',
      file,
      folder: posix.join(schemaFolder, 'migrations'),
      dialect: evidence(provider, `datasource provider "${provider}" in ${file}`),
    },
  ];
}

function drizzleConfig(root: string, file: string): ToolConfig[] {
  const text = readText(root, file) ?? '';
  const values = file.endsWith('.json')
    ? new Map(
        Object.entries(parseJsonObject(text) ?? {})
          .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
          .map(([key, value]) => [key, [value]]),
      )
    : stringProperties(file, text, ['dialect', 'driver', 'out']);
  const stated = values.get('dialect')?.[0] ?? values.get('driver')?.[0];
  const out = values.get('out')?.[0] ?? 'drizzle';
  return [
    {
      tool: 'drizzle',
      file,
      folder: posix.normalize(posix.join(posix.dirname(file), out)),
      dialect: evidence(stated, `dialect "${stated}" in ${file}`),
    },
  ];
}

function drizzleJournal(root: string, file: string): ToolConfig[] {
  const journal = parseJsonObject(readText(root, file));
  if (!journal) return [];
  const stated = typeof journal.dialect === 'string' ? journal.dialect : undefined;
  const entries = Array.isArray(journal.entries) ? journal.entries : [];
  const order = entries
    .map((entry: unknown) =>
      typeof entry === 'object' && entry !== null && 'tag' in entry && typeof entry.tag === 'string'
        ? entry.tag
        : undefined,
    )
    .filter((tag): tag is string => tag !== undefined);
  return [
    {
      tool: 'drizzle',
      file,
      folder: posix.dirname(posix.dirname(file)),
      dialect: evidence(stated === 'pg' ? 'postgresql' : stated, `dialect "${stated}" in ${file}`),
      order,
    },
  ];
}

function knexConfig(root: string, file: string): ToolConfig[] {
  const text = readText(root, file) ?? '';
  const values = stringProperties(file, text, ['client', 'directory']);
  const directory = values.get('directory')?.[0] ?? 'migrations';
  return [
    {
      tool: 'knex',
      file,
      folder: posix.normalize(posix.join(posix.dirname(file), directory)),
      dialect: agreed(values.get('client') ?? [], (client) => `client "${client}" in ${file}`),
    },
  ];
}

const configReaders: ReadonlyArray<readonly [RegExp, (root: string, file: string) => ToolConfig[]]> = [
  [/(^|\/)migration_lock\.toml$/, prismaConfigs],
  [/(^|\/)schema\.prisma$|(^|\/)prisma\/schema\/[^/]+\.prisma$/, prismaConfigs],
  [/(^|\/)drizzle\.config\.(ts|mts|cts|js|mjs|cjs|json)$/, drizzleConfig],
  [/(^|\/)meta\/_journal\.json$/, drizzleJournal],
  [/(^|\/)knexfile\.(ts|mts|cts|js|mjs|cjs)$/, knexConfig],
];

function packageDialect(dependencies: readonly string[], source: string): DialectEvidence | undefined {
  const drivers = dependencies.filter((name) => dialectOfClient(name) !== undefined);
  return agreed(drivers, () => `${source}: ${drivers.join(', ')}`);
}

/** Reads the migration tools' configs among the project's files (project paths) and its package.json. */
export function detectDatabaseTools(root: string, files: readonly string[]): DatabaseTools {
  const configs: ToolConfig[] = [];
  for (const file of files) {
    const reader = configReaders.find(([pattern]) => pattern.test(file))?.[1];
    if (reader) configs.push(...reader(root, file));
  }
  const manifest = parseJsonObject(readText(root, 'package.json')) ?? {};
  const names = (key: string): string[] => {
    const value = manifest[key];
    return typeof value === 'object' && value !== null ? Object.keys(value) : [];
  };
  const runtime = names('dependencies');
  const development = names('devDependencies');
  return {
    configs,
    // Drivers among devDependencies are often for tests only, so they count when dependencies name none.
    packageDialect:
      packageDialect(runtime, 'package.json dependencies') ??
      packageDialect(development, 'package.json devDependencies'),
    dependencies: new Set([...runtime, ...development]),
  };
}

/** The config of the tool whose migrations folder holds a file: the deepest folder wins. */
export function configFor(tools: DatabaseTools, file: string): ToolConfig | undefined {
  return tools.configs
    .filter((config) => config.folder === '.' || file.startsWith(`${config.folder}/`))
    .sort(
      (left, right) =>
        right.folder.length - left.folder.length || Number(!!right.dialect) - Number(!!left.dialect),
    )[0];
}
