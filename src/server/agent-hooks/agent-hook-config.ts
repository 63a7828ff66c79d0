import { BatonError } from '../../core/index.js';

/** The agents and git hooks `baton hooks` can install; each has its own documented hook protocol. */
export const hookTargets = ['claude-code', 'cursor', 'pre-commit', 'pre-push'] as const;
export type HookTarget = (typeof hookTargets)[number];

/** The agents among the targets: they run `baton hooks run <agent>` and read its answer. */
export const hookAgents = ['claude-code', 'cursor'] as const;
export type HookAgent = (typeof hookAgents)[number];

export function parseHookTarget(name: string | undefined): HookTarget {
  if (name && (hookTargets as readonly string[]).includes(name)) return name as HookTarget;
  throw new BatonError({
    code: 'USAGE_INVALID',
    message: `${name ? `"${name}" is not` : 'Name'} an agent or git hook Baton can install hooks for.`,
    hint: `Use one of: ${hookTargets.join(', ')}.`,
  });
}

export function parseHookAgent(name: string | undefined): HookAgent {
  if (name && (hookAgents as readonly string[]).includes(name)) return name as HookAgent;
  throw new BatonError({
    code: 'USAGE_INVALID',
    message: `${name ? `"${name}" is not` : 'Name'} an agent whose hook Baton answers.`,
    hint: `Use one of: ${hookAgents.join(', ')} (git hooks run \`baton verify\` directly).`,
  });
}

/**
 * How a hook starts Baton: the project's own install when it has one (Claude Code runs hooks from
 * any folder, so its path starts at the project), else a `baton` on the PATH.
 */
export function batonCommandFor(target: HookTarget, installedInProject: boolean): string {
  if (!installedInProject) return 'baton';
  return target === 'claude-code'
    ? '"$CLAUDE_PROJECT_DIR"/node_modules/.bin/baton'
    : 'node_modules/.bin/baton';
}

/** What the hook runs: `baton hooks run <agent>` through the given Baton command. */
export function hookCommand(baton: string, agent: HookAgent): string {
  return `${baton} hooks run ${agent}`;
}

/** Whether a configured command is Baton's own hook for this agent (so installing again replaces it). */
export function isBatonHookCommand(command: unknown, agent: HookAgent): boolean {
  return typeof command === 'string' && command.includes(`hooks run ${agent}`);
}

/**
 * Claude Code's hooks (`.claude/settings.json`): a Stop hook that verifies what changed since HEAD
 * before the agent may end its turn, and a PostToolUse hook on file edits that checks types and
 * APIs of the edited file at once. Timeouts are seconds.
 */
export function claudeCodeHooks(baton: string) {
  const command = hookCommand(baton, 'claude-code');
  return {
    Stop: [{ hooks: [{ type: 'command', command, timeout: 900 }] }],
    PostToolUse: [{ matcher: 'Edit|MultiEdit|Write', hooks: [{ type: 'command', command, timeout: 120 }] }],
  };
}

/** Cursor's hooks (`.cursor/hooks.json`): a stop hook whose follow-up message carries the findings. */
export function cursorHooks(baton: string) {
  // Cursor caps automatic follow-ups with loop_limit; five rounds of fixes is plenty before a person looks.
  return { stop: [{ command: hookCommand(baton, 'cursor'), loop_limit: 5 }] };
}

/** The marker line that tells Baton's git hooks from a user's own. */
export const gitHookMarker = '# baton: verify before';

/** The script of a git hook that runs the gate; a finding at `verify.failOn` stops the commit or push. */
export function gitHookScript(target: 'pre-commit' | 'pre-push', baton: string): string {
  if (target === 'pre-commit') {
    return `#!/bin/sh
${gitHookMarker} commit (installed by \`baton hooks install pre-commit\`; skip once with --no-verify).
# Verifies the files changed since HEAD: staged, unstaged and untracked ones.
exec ${baton} verify --changed HEAD
`;
  }
  return `#!/bin/sh
${gitHookMarker} push (installed by \`baton hooks install pre-push\`; skip once with --no-verify).
# Verifies the files changed since what the remote already has, for each branch pushed.
zero=$(git hash-object --stdin </dev/null | tr '0-9a-f' '0')
while read -r local_ref local_sha remote_ref remote_sha; do
  [ "$local_sha" = "$zero" ] && continue
  if [ "$remote_sha" = "$zero" ]; then
    base=$(git merge-base HEAD "@{upstream}" 2>/dev/null || git merge-base HEAD origin/HEAD 2>/dev/null || git rev-list --max-parents=0 HEAD | tail -n 1)
  else
    base=$remote_sha
  fi
  ${baton} verify --changed "$base" || exit 1
done
exit 0
`;
}
