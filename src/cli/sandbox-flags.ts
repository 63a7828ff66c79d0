import type { VerifySettings } from '../core/config/verify-settings.js';
import { BatonError } from '../core/errors.js';
import type { OptionDefinition } from './command.js';

/** `--fuzz [mode]` and `--allow-unsandboxed`, shared by `baton verify` and `baton run`. */
export interface SandboxFlags {
  fuzz?: string | boolean;
  allowUnsandboxed?: boolean;
}

export const sandboxFlagOptions: readonly OptionDefinition[] = [
  {
    flags: '--fuzz [mode]',
    description:
      'fuzz the exported functions: typed (the default mode), hostile (null and undefined everywhere) or off (default: verify.fuzz, else only for a plan component)',
  },
  {
    flags: '--allow-unsandboxed',
    description:
      "run the project's code even where the file-system sandbox (bubblewrap) is not available, unprotected (default: verify.allowUnsandboxed)",
  },
];

const fuzzModes = ['typed', 'hostile', 'off'] as const;

/** The verify settings the flags override; an unknown `--fuzz` mode is a usage error. */
export function sandboxFlagSettings(
  flags: SandboxFlags,
): Partial<Pick<VerifySettings, 'fuzz' | 'allowUnsandboxed'>> {
  const settings: Partial<Pick<VerifySettings, 'fuzz' | 'allowUnsandboxed'>> = {};
  if (flags.fuzz === true) settings.fuzz = 'typed';
  else if (typeof flags.fuzz === 'string') {
    if (!(fuzzModes as readonly string[]).includes(flags.fuzz))
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: `Unknown --fuzz mode "${flags.fuzz}".`,
        hint: `Use one of: ${fuzzModes.join(', ')}, as --fuzz=hostile; a path right after --fuzz is read as its mode, so put paths first.`,
      });
    settings.fuzz = flags.fuzz as (typeof fuzzModes)[number];
  }
  if (flags.allowUnsandboxed) settings.allowUnsandboxed = true;
  return settings;
}
