// The sandbox loads only the redaction rules, not every provider module.
import { isSecretVariableName } from '../providers/redact.js';

/** Variables passed through from the parent when set there; everything else is dropped. */
export const inheritedVariables = ['PATH', 'LANG', 'TZ', 'CI'] as const;

export { isSecretVariableName };

export interface SandboxEnvironment {
  env: Record<string, string>;
  /** Names given in `options.env` that were dropped because they look like secrets. */
  dropped: string[];
}

/**
 * Builds the child's environment from an allow-list: a few inherited variables, HOME and TMPDIR
 * pointing at a private temporary folder, NODE_OPTIONS carrying the heap limit, and the caller's
 * extra variables minus anything whose name looks like a secret.
 */
export function buildSandboxEnvironment(input: {
  parent: Readonly<Record<string, string | undefined>>;
  extra: Readonly<Record<string, string>> | undefined;
  home: string;
  memoryMb: number;
}): SandboxEnvironment {
  const env: Record<string, string> = {};
  for (const name of inheritedVariables) {
    const value = input.parent[name];
    if (value !== undefined) env[name] = value;
  }
  env.PATH ??= '/usr/local/bin:/usr/bin:/bin';
  env.HOME = input.home;
  env.TMPDIR = input.home;
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(input.extra ?? {})) {
    if (isSecretVariableName(name)) {
      dropped.push(name);
      continue;
    }
    env[name] = value;
  }
  const heapLimit = `--max-old-space-size=${Math.max(16, Math.floor(input.memoryMb))}`;
  const callerOptions = (env.NODE_OPTIONS ?? '')
    .split(/\s+/)
    .filter((option) => option !== '' && !option.startsWith('--max-old-space-size'));
  env.NODE_OPTIONS = [...callerOptions, heapLimit].join(' ');
  return { env, dropped };
}
