import type { ResolvedConfig } from '../core/config/schema.js';
import type { Activity } from '../core/events.js';

/** Where a command reads and writes; the real process, or buffers in tests. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** Options every command accepts. */
export interface GlobalOptions {
  config?: string;
  ledger?: string;
  debug?: boolean;
}

export interface CommandContext<Options = Record<string, unknown>> {
  /** Positional arguments, in declared order; a variadic argument is an array. */
  args: (string | string[] | undefined)[];
  options: Options;
  global: GlobalOptions;
  io: CliIo;
  /** Loads the layered config for the current directory, with global flags as the top layer. */
  loadConfig(): Promise<ResolvedConfig>;
}

export interface ArgumentDefinition {
  name: string;
  description: string;
  required?: boolean;
  variadic?: boolean;
}

export interface OptionDefinition {
  /** Commander flags, such as `--out <file>` or `--json`. */
  flags: string;
  description: string;
  defaultValue?: string | boolean;
}

/** A command declares its words, arguments and options, and a `run` that returns an exit code. */
export interface CommandDefinition<Options = Record<string, unknown>> {
  /** Words after `baton`, such as `init` or `ledger status`. */
  name: string;
  description: string;
  arguments?: readonly ArgumentDefinition[];
  options?: readonly OptionDefinition[];
  /** The person's activity while the command runs; its wall time is recorded in the ledger. */
  activity?: Activity;
  run(context: CommandContext<Options>): Promise<number | undefined>;
}

export function defineCommand<Options = Record<string, unknown>>(
  definition: CommandDefinition<Options>,
): CommandDefinition<Options> {
  return definition;
}
