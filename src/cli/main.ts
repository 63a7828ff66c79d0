import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { loadConfig } from '../core/config/load.js';
import { exitCodes } from '../core/error-codes.js';
import { BatonError } from '../core/errors.js';
import type { CliIo, CommandDefinition, GlobalOptions } from './command.js';
import { commandGroups, commands } from './commands/index.js';
import { runRecordingActivity } from './record-activity.js';

const packageVersion = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

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

function findOrCreateParent(program: Command, words: readonly string[]): Command {
  let parent = program;
  for (const word of words) {
    parent =
      parent.commands.find((command) => command.name() === word) ??
      parent.command(word).description(commandGroups[word] ?? '');
  }
  return parent;
}

function register(
  program: Command,
  definition: CommandDefinition,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  const words = definition.name.split(' ');
  const leaf = words.at(-1) ?? definition.name;
  const parent = findOrCreateParent(program, words.slice(0, -1));
  const command = parent.command(leaf).description(definition.description);
  for (const argument of definition.arguments ?? []) {
    const name = `${argument.name}${argument.variadic ? '...' : ''}`;
    command.argument(argument.required ? `<${name}>` : `[${name}]`, argument.description);
  }
  for (const option of definition.options ?? []) {
    command.option(option.flags, option.description, option.defaultValue);
  }
  command.action(async (...received: unknown[]) => {
    const self = received.at(-1) as Command;
    const global = self.optsWithGlobals<GlobalOptions>();
    let config: ReturnType<typeof loadConfig> | undefined;
    const context = {
      args: self.processedArgs as (string | string[] | undefined)[],
      options: self.opts(),
      global,
      io,
      // Read once per command: the command and its activity record share it.
      loadConfig: () => {
        config ??= loadConfig({
          cwd: io.cwd,
          env: io.env,
          configFile: global.config,
          flags: { ledger: global.ledger },
        });
        return config;
      },
    };
    const run = () => definition.run(context);
    const exitCode = definition.activity
      ? await runRecordingActivity(definition.activity, context, run)
      : await run();
    setExitCode(exitCode ?? exitCodes.success);
  });
}

/** Builds the `baton` program; commands come from `commands/index.ts`. */
export function createProgram(io: CliIo, setExitCode: (code: number) => void): Command {
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
  for (const definition of commands) register(program, definition as CommandDefinition, io, setExitCode);
  return program;
}

/**
 * Runs the CLI and returns its exit code, never throwing: a `BatonError` prints its message and
 * hint (the stack only with --debug); anything else is reported as an internal error.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode: number = exitCodes.success;
  const debug = argv.includes('--debug') || io.env.BATON_DEBUG === '1';
  const program = createProgram(io, (code) => {
    exitCode = code;
  });
  try {
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
