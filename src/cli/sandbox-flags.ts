import { BatonError } from '../core/errors.js';
import type { VerifySettings } from '../core/index.js';
import { declareOptions, type OptionValues } from './option-declarations.js';

/** `--fuzz [mode]` and `--allow-unsandboxed`, spread into `baton verify` and `baton run`. */
export const sandboxFlagOptions = declareOptions({
  fuzz: {
    flags: '--fuzz [mode]',
    type: 'string',
    description:
      'fuzz the exported functions: typed (the default mode), hostile (null and undefined everywhere) or off (default: verify.fuzz, else only for a plan component)',
  },
  allowUnsandboxed: {
    flags: '--allow-unsandboxed',
    type: 'boolean',
    description:
      "run the project's code even where the file-system sandbox (bubblewrap) is not available, unprotected (default: verify.allowUnsandboxed)",
  },
});

const fuzzModes = ['typed', 'hostile', 'off'] as const;

/** The verify settings the flags override; an unknown `--fuzz` mode is a usage error. */
export function sandboxFlagSettings(
  flags: OptionValues<typeof sandboxFlagOptions>,
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
