import type { Activity, ResolvedConfig } from '../core/index.js';
import {
  checkDeclarations,
  type NamedDeclarations,
  type OptionDeclarations,
  type OptionValues,
} from './option-declarations.js';

export type { OptionDeclaration, OptionDeclarations, OptionValues } from './option-declarations.js';

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
  /** The declared options, typed and checked; reading an undeclared one throws. */
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

/**
 * A command declares its words, arguments and options, and a `run` that returns an exit code;
 * `run` receives the options typed from their declarations.
 */
export interface CommandDefinition<Declarations extends OptionDeclarations = OptionDeclarations> {
  /** Words after `baton`, such as `init` or `ledger status`. */
  name: string;
  description: string;
  arguments?: readonly ArgumentDefinition[];
  options?: Declarations;
  /** The person's activity while the command runs; its wall time is recorded in the ledger. */
  activity?: Activity;
  run(context: CommandContext<OptionValues<Declarations>>): Promise<number | undefined>;
}

/** Checks the option declarations (the compiler their names, this their types and defaults). */
export function defineCommand<const Declarations extends OptionDeclarations = Record<never, never>>(
  definition: CommandDefinition<Declarations> & { options?: NamedDeclarations<Declarations> },
): CommandDefinition<Declarations> {
  checkDeclarations(definition.name, definition.options ?? {});
  return definition;
}
