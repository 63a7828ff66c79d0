import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Why the project's code could not start, read from what the runner printed: the machine lacks
 * something (a program, a `.env` file, a generated client, installed dependencies, the module format
 * the loader expected), which is the environment's problem and not a defect in the code.
 */
export interface EnvironmentCause {
  /** Stable id, for tests and filters. */
  id:
    | 'missing-program'
    | 'missing-env-file'
    | 'ungenerated-client'
    | 'missing-dependencies'
    | 'module-format';
  /** What is missing, in words. */
  reason: string;
  hint: string;
}

function missingProgram(output: string, exitCode: number | null): EnvironmentCause | undefined {
  // `sh: 1: pnpm: not found`, `bash: pnpm: command not found`, `spawn pnpm ENOENT`, `env: 'pnpm': No such file…`.
  const named =
    /(?:^|\n)[^\n]*?([\w@./+-]+)'?: (?:command )?not found/.exec(output) ??
    /spawn ([\w@./+-]+) ENOENT/.exec(output) ??
    /env: '?([\w@./+-]+)'?: No such file or directory/.exec(output);
  if (!named && exitCode !== 127) return undefined;
  const program = named?.[1];
  return {
    id: 'missing-program',
    reason: program
      ? `\`${program}\` is not installed (or not on PATH)`
      : 'a program it needs is not installed',
    hint: program
      ? `Install ${program} where Baton runs (for pnpm or yarn: corepack enable), or set testCommand to a command that exists here.`
      : 'Install the program the command names, or set testCommand to a command that exists here.',
  };
}

// Also Node's own `--env-file=.env`, which says `node: .env: not found`.
const envFile =
  /ENOENT[^\n]*?['"/\s]\.env(?:\.[\w.-]+)?['"]?(?:\s|$|,)|no such file or directory[^\n]*\/\.env\b|(?:^|\n)node: [^\n]*\.env(?:\.[\w.-]+)?: not found/;
const prismaClient = /@prisma\/client did not initialize yet|run [`'"]?(?:npx )?prisma generate/i;
const bareModule =
  /(?:Cannot find (?:module|package) '((?:@[\w-][\w.-]*\/)?[\w-][\w.-]*)[^']*'|ERR_MODULE_NOT_FOUND[^\n]*?package '((?:@[\w-][\w.-]*\/)?[\w-][\w.-]*)')/;
const moduleFormat =
  /ERR_REQUIRE_ESM|ERR_REQUIRE_ASYNC_MODULE|Cannot use import statement outside a module|(?:require|exports|module|__dirname) is not defined in ES module scope|Unexpected token 'export'|ERR_UNKNOWN_FILE_EXTENSION|another module format/;

/** The first environment cause the output shows, if any. */
export function findEnvironmentCause(
  output: string,
  exitCode: number | null,
  options: { moduleFormat?: boolean } = {},
): EnvironmentCause | undefined {
  if (envFile.test(output))
    return {
      id: 'missing-env-file',
      reason: 'the `.env` file it reads is missing',
      hint: 'Create the .env file the code reads (often from .env.example) in the project, or make the tests set the variables they need.',
    };
  if (prismaClient.test(output))
    return {
      id: 'ungenerated-client',
      reason: 'the Prisma client has not been generated',
      hint: 'Run `npx prisma generate` (or the project’s postinstall) before verifying.',
    };
  const module = bareModule.exec(output);
  if (module)
    return {
      id: 'missing-dependencies',
      reason: `the package \`${module[1] ?? module[2]}\` is not installed`,
      hint: 'Install the dependencies (npm ci, pnpm install) before verifying; a package that does not exist at all is reported by the api check.',
    };
  if (options.moduleFormat && moduleFormat.test(output))
    return {
      id: 'module-format',
      reason:
        'the module could not be loaded in the format its package declares (CommonJS against ES modules)',
      hint: 'Build the code first, or make package.json "type" and tsconfig "module" agree (ESM code with "type": "module", CommonJS otherwise).',
    };
  return missingProgram(output, exitCode);
}

/** Files a project ships to show which variables its `.env` must set. */
const exampleEnvFile = /^(?:\.env\.(?:example|sample|template|dist|defaults)|(?:example|sample)\.env)$/;
const variableLine = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/gm;
const absentWords =
  /\b(?:required|missing|not (?:set|defined|provided|found|configured)|undefined|must be (?:set|defined|provided|specified))\b/i;

/**
 * A variable the project's example env file declares, named as missing in the output, while the
 * project has no `.env` of its own: the code checked its configuration and stopped, as it should.
 */
export function findMissingEnvironmentVariable(output: string, root: string): EnvironmentCause | undefined {
  if (existsSync(join(root, '.env'))) return undefined;
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return undefined;
  }
  const example = entries.find((entry) => exampleEnvFile.test(entry));
  if (!example) return undefined;
  const declared = new Set(
    [...readFileSync(join(root, example), 'utf8').matchAll(variableLine)].map((m) => m[1]),
  );
  for (const line of output.split('\n')) {
    if (!absentWords.test(line)) continue;
    const named = line.match(/[A-Za-z_][A-Za-z0-9_]*/g)?.find((word) => declared.has(word));
    if (named)
      return {
        id: 'missing-env-file',
        reason: `the variable \`${named}\` is not set: the project has ${example} but no .env`,
        hint: `Create .env from ${example} with values for this machine, or make the tests set the variables they need.`,
      };
  }
  return undefined;
}
