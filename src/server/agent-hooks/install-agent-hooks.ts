import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { BatonError, describeCause, findGitRoot } from '../../core/index.js';
import {
  batonCommandFor,
  claudeCodeHooks,
  cursorHooks,
  gitHookMarker,
  gitHookScript,
  type HookAgent,
  type HookTarget,
  isBatonHookCommand,
} from './agent-hook-config.js';

export interface HookInstallOptions {
  target: HookTarget;
  /** The project: hooks are written at its git root, or here when it has none (agents only). */
  cwd: string;
  /** The command that starts Baton; by default the project's own install, else `baton` on the PATH. */
  baton?: string | undefined;
  /** Replace a git hook that is not Baton's. */
  force?: boolean;
}

export interface HookInstallPlan {
  /** Where the configuration goes. */
  file: string;
  /** The whole file as it will be written. */
  text: string;
  /** What Baton adds, as `baton hooks print` shows it. */
  snippet: string;
  /** The file had Baton's hook already: installing replaces it, nothing else changes. */
  replacing: boolean;
}

const settingsSchema = z.record(z.string(), z.unknown());
const hookGroupsSchema = z.array(z.record(z.string(), z.unknown()));

function readJsonObject(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  const text = readFileSync(file, 'utf8');
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    throw new BatonError({
      code: 'CONFIG_INVALID',
      message: `${file} is not valid JSON (${describeCause(error)}), so Baton will not touch it.`,
      hint: 'Fix the file (or move it aside) and install again; `baton hooks print` shows what to add by hand.',
    });
  }
  const parsed = settingsSchema.safeParse(value);
  if (!parsed.success) {
    throw new BatonError({
      code: 'CONFIG_INVALID',
      message: `${file} holds ${Array.isArray(value) ? 'an array' : typeof value}, not a JSON object of settings.`,
      hint: 'Fix the file (or move it aside) and install again.',
    });
  }
  return parsed.data;
}

/** Does a hook group (Claude Code's `{ matcher?, hooks: [...] }` or Cursor's `{ command }`) run Baton? */
function groupRunsBaton(group: Record<string, unknown>, agent: HookAgent): boolean {
  if (isBatonHookCommand(group.command, agent)) return true;
  const inner = Array.isArray(group.hooks) ? group.hooks : [];
  return inner.some((hook) => isBatonHookCommand((hook as Record<string, unknown>)?.command, agent));
}

/**
 * Adds Baton's groups to each event of a hooks object: a group of Baton's already there is replaced
 * in place, every other group (the user's own) is kept as it was.
 */
function mergeHooks(
  file: string,
  existing: unknown,
  added: Record<string, Record<string, unknown>[]>,
  agent: HookAgent,
): { hooks: Record<string, unknown>; replacing: boolean } {
  const parsedHooks = settingsSchema.safeParse(existing ?? {});
  if (!parsedHooks.success) {
    throw new BatonError({
      code: 'CONFIG_INVALID',
      message: `"hooks" in ${file} is not an object of events.`,
      hint: 'Fix it by hand, or move the file aside and install again.',
    });
  }
  const result: Record<string, unknown> = { ...parsedHooks.data };
  let replacing = false;
  for (const [event, groups] of Object.entries(added)) {
    const current = hookGroupsSchema.safeParse(result[event] ?? []);
    if (!current.success) {
      throw new BatonError({
        code: 'CONFIG_INVALID',
        message: `"hooks.${event}" in ${file} is not a list of hook groups.`,
        hint: 'Fix it by hand, or move the file aside and install again.',
      });
    }
    const list = current.data;
    const at = list.findIndex((group) => groupRunsBaton(group, agent));
    if (at === -1) result[event] = [...list, ...groups];
    else {
      replacing = true;
      result[event] = [
        ...list.slice(0, at),
        ...groups,
        ...list.slice(at + 1).filter((group) => !groupRunsBaton(group, agent)),
      ];
    }
  }
  return { hooks: result, replacing };
}

function gitHooksFolder(repository: string): string {
  const path = execFileSync('git', ['rev-parse', '--git-path', 'hooks'], {
    cwd: repository,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
  return resolve(repository, path);
}

/** Works out what installing a hook writes, without writing it (`baton hooks print` shows the snippet). */
export function planHookInstall(options: HookInstallOptions): HookInstallPlan {
  const repository = findGitRoot(options.cwd);
  const isGitHook = options.target === 'pre-commit' || options.target === 'pre-push';
  if (isGitHook && !repository) {
    throw new BatonError({
      code: 'NOT_A_GIT_REPOSITORY',
      message: `${options.cwd} is not inside a git repository, so there is no ${options.target} hook to install.`,
      hint: 'Run it inside the repository (after `git init`).',
    });
  }
  const root = repository ?? resolve(options.cwd);
  const baton =
    options.baton ?? batonCommandFor(options.target, existsSync(join(root, 'node_modules', '.bin', 'baton')));
  if (options.target === 'pre-commit' || options.target === 'pre-push') {
    const file = join(gitHooksFolder(root), options.target);
    const script = gitHookScript(options.target, baton);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current !== undefined && !current.includes(gitHookMarker) && !options.force) {
      throw new BatonError({
        code: 'USAGE_INVALID',
        message: `${file} is already a ${options.target} hook, and not Baton's; Baton will not replace it.`,
        hint: `Add \`${baton} verify --changed HEAD || exit 1\` to it yourself, or install with --force to replace it.`,
      });
    }
    return { file, text: script, snippet: script, replacing: current !== undefined };
  }
  if (options.target === 'claude-code') {
    const file = join(root, '.claude', 'settings.json');
    const settings = readJsonObject(file);
    const added = claudeCodeHooks(baton);
    const { hooks, replacing } = mergeHooks(file, settings.hooks, added, 'claude-code');
    return {
      file,
      text: `${JSON.stringify({ ...settings, hooks }, null, 2)}\n`,
      snippet: `${JSON.stringify({ hooks: added }, null, 2)}\n`,
      replacing,
    };
  }
  const file = join(root, '.cursor', 'hooks.json');
  const settings = readJsonObject(file);
  const added = cursorHooks(baton);
  const { hooks, replacing } = mergeHooks(file, settings.hooks, added, 'cursor');
  return {
    file,
    text: `${JSON.stringify({ version: 1, ...settings, hooks }, null, 2)}\n`,
    snippet: `${JSON.stringify({ version: 1, hooks: added }, null, 2)}\n`,
    replacing,
  };
}

/** Writes the hook; running it twice leaves the same file. Returns where it went, relative to `cwd`. */
export function installHook(options: HookInstallOptions): HookInstallPlan & { shownPath: string } {
  const plan = planHookInstall(options);
  mkdirSync(dirname(plan.file), { recursive: true });
  writeFileSync(plan.file, plan.text);
  if (options.target === 'pre-commit' || options.target === 'pre-push') chmodSync(plan.file, 0o755);
  return { ...plan, shownPath: relative(options.cwd, plan.file) || plan.file };
}
