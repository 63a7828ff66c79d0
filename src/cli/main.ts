import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BatonError } from '../core/errors.js';
import type { ResolvedConfig } from '../core/index.js';
import { exitCodes } from '../core/index.js';
import type { CliIo, CommandDefinition, GlobalOptions } from './command.js';
import { commanderDefault, readOptions } from './option-declarations.js';

const packageVersion = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

// Commander is CommonJS: required directly, it loads without the ES-module wrapper and its export scan.
const { Command, CommanderError } = createRequire(import.meta.url)('commander') as typeof import('commander');
type Command = import('commander').Command;

const processIo: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
};

function formatError(error: BatonError, debug: boolean): string {
  const lines = [`error ${error.code}: ${error.message}`];
  if (error.hint) lines.push(`hint: ${error.hint}`);
  if (debug && error.stack) lines.push('', error.stack);
  if (debug && error.cause instanceof Error && error.cause.stack)
    lines.push('', `cause: ${error.cause.stack}`);
  return `${lines.join('\n')}\n`;
}

/** A command as `--help` needs it; `load` brings its module (and its `run`) only when it runs. */
type DeclaredCommand = Omit<CommandDefinition, 'run'> & { load(): Promise<CommandDefinition> };

interface CommandManifest {
  commands: (Omit<CommandDefinition, 'run'> & { module: string; exportName: string })[];
  groups: Record<string, string>;
}

/**
 * The commands, from the manifest the build writes next to them (dist/cli/commands/commands.json);
 * from the modules themselves where there is none (running from src/ in tests).
 */
async function declaredCommands(): Promise<{ commands: DeclaredCommand[]; groups: Record<string, string> }> {
  let manifest: CommandManifest | undefined;
  try {
    manifest = JSON.parse(
      readFileSync(new URL('./commands/commands.json', import.meta.url), 'utf8'),
    ) as CommandManifest;
  } catch {
    manifest = undefined;
  }
  if (manifest) {
    return {
      groups: manifest.groups,
      commands: manifest.commands.map(({ module, exportName, ...declaration }) => ({
        ...declaration,
        load: async () =>
          (await import(new URL(`./commands/${module}`, import.meta.url).href))[
            exportName
          ] as CommandDefinition,
      })),
    };
  }
  const index = await import('./commands/index.js');
  return {
    groups: { ...index.commandGroups },
    commands: index.commands.map((definition) => ({
      ...(definition as CommandDefinition),
      load: async () => definition as CommandDefinition,
    })),
  };
}

function findOrCreateParent(
  program: Command,
  words: readonly string[],
  groups: Record<string, string>,
): Command {
  let parent = program;
  for (const word of words) {
    parent =
      parent.commands.find((command) => command.name() === word) ??
      parent.command(word).description(groups[word] ?? '');
  }
  return parent;
}

function register(
  program: Command,
  definition: DeclaredCommand,
  groups: Record<string, string>,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  const words = definition.name.split(' ');
  const leaf = words.at(-1) ?? definition.name;
  const parent = findOrCreateParent(program, words.slice(0, -1), groups);
  const command = parent.command(leaf).description(definition.description);
  for (const argument of definition.arguments ?? []) {
    const name = `${argument.name}${argument.variadic ? '...' : ''}`;
    command.argument(argument.required ? `<${name}>` : `[${name}]`, argument.description);
  }
  const declarations = definition.options ?? {};
  for (const declaration of Object.values(declarations)) {
    command.option(declaration.flags, declaration.description, commanderDefault(declaration));
  }
  command.action(async (...received: unknown[]) => {
    const self = received.at(-1) as Command;
    const global = self.optsWithGlobals<GlobalOptions>();
    let config: Promise<ResolvedConfig> | undefined;
    const context = {
      args: self.processedArgs as (string | string[] | undefined)[],
      options: readOptions(definition.name, declarations, self.opts()),
      global,
      io,
      // Read once per command: the command and its activity record share it.
      loadConfig: () => {
        // Loaded on first use: zod and the config schema cost `--help` and `--version` nothing.
        config ??= import('../core/index.js').then(({ loadConfig }) =>
          loadConfig({
            cwd: io.cwd,
            env: io.env,
            configFile: global.config,
            flags: { ledger: global.ledger },
          }),
        );
        return config;
      },
    };
    const loaded = await definition.load();
    const run = () => loaded.run(context);
    const exitCode = definition.activity
      ? await (await import('./record-activity.js')).runRecordingActivity(definition.activity, context, run)
      : await run();
    setExitCode(exitCode ?? exitCodes.success);
  });
}

/** Builds the `baton` program; commands come from `commands/index.ts` (through the build's manifest). */
export async function createProgram(io: CliIo, setExitCode: (code: number) => void): Promise<Command> {
  const { commands, groups } = await declaredCommands();
  const program = new Command('baton')
    .description('The AI orchestrator’s workbench: plan, prompt, verify and record AI-written code.')
    .version(packageVersion, '-v, --version')
    .option('-c, --config <file>', 'use this config file instead of searching for baton.config.*')
    .option(
      '--ledger <path-or-url>',
      'ledger location: a SQLite file or a postgres:// URL (overrides config)',
    )
    .option('--debug', 'print stack traces with errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride();
  for (const definition of commands) register(program, definition, groups, io, setExitCode);
  return program;
}

/**
 * Runs the CLI and returns its exit code, never throwing: a `BatonError` prints its message and
 * hint (the stack only with --debug); anything else is reported as an internal error.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode: number = exitCodes.success;
  const debug = argv.includes('--debug') || io.env.BATON_DEBUG === '1';
  try {
    const program = await createProgram(io, (code) => {
      exitCode = code;
    });
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version also "exit" through here, with code 0.
      return error.exitCode === 0 ? exitCodes.success : exitCodes.usage;
    }
    if (BatonError.isInstance(error)) {
      io.stderr.write(formatError(error, debug));
      return error.exitCode;
    }
    const internal = new BatonError({
      code: 'INTERNAL',
      message: `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`,
      hint: debug
        ? 'This is a bug in Baton; please report it with the stack below.'
        : 'Run again with --debug for the stack, and report it.',
      cause: error,
    });
    io.stderr.write(formatError(internal, false));
    if (debug && error instanceof Error && error.stack) io.stderr.write(`\n${error.stack}\n`);
    return internal.exitCode;
  }
}
