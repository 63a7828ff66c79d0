import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BatonError, describeCause } from '../core/errors.js';
import type { ReviewAction, ReviewPrompter } from '../engine/review/index.js';
import { formatReviewView } from '../report/index.js';
import type { CliIo } from './command.js';

const actionLabels: Record<ReviewAction, { label: string; hint: string }> = {
  accept: { label: 'accept', hint: 'record an accept; it merges in dependency order' },
  reject: { label: 'reject', hint: 'with a reason; the next `baton run --resume` tries again with it' },
  edit: { label: 'edit', hint: 'open $EDITOR on its worktree; the checks run again after' },
  patch: { label: 'apply a patch', hint: 'a unified diff file; the checks run again after' },
  recheck: { label: 'recheck', hint: 'run the checks again on the branch as it is' },
  annotate: { label: 'annotate', hint: 'a note without a decision' },
  skip: { label: 'skip', hint: 'decide later' },
  quit: { label: 'quit', hint: 'stop reviewing' },
};

/** Runs $VISUAL or $EDITOR (which may hold arguments, like `code -w`) on a folder and waits for it. */
export function openEditorOn(path: string, env: CliIo['env']): void {
  const editor = env.VISUAL || env.EDITOR || 'vi';
  const result = spawnSync('sh', ['-c', `${editor} "$1"`, 'sh', path], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.error || result.status !== 0) {
    throw new BatonError({
      code: 'REVIEW_EDIT_FAILED',
      message: `The editor "${editor}" did not finish cleanly on ${path}: ${result.error ? describeCause(result.error) : `exit status ${result.status}`}.`,
      hint: 'Set $EDITOR to an editor that waits until you close it (for example `code -w` or `vim`), or use a patch.',
    });
  }
}

/** Where the prompts read keys and draw; the process's terminal unless a test gives streams. */
export interface PromptStreams {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/** The terminal review: the component as text, then @clack/prompts for each choice. */
export async function createTerminalPrompter(
  io: CliIo,
  streams: PromptStreams = {},
): Promise<ReviewPrompter> {
  const clack = await import('@clack/prompts');
  const where = {
    ...(streams.input ? { input: streams.input as NodeJS.ReadStream } : {}),
    ...(streams.output ? { output: streams.output as NodeJS.WriteStream } : {}),
  };
  const cancelled = (value: unknown): value is symbol => clack.isCancel(value);
  return {
    present(view) {
      io.stdout.write(formatReviewView(view));
    },
    say(message) {
      clack.log.info(message);
    },
    async chooseAction(view, actions) {
      const choice = await clack.select<ReviewAction>({
        message: `${view.item.component.key}: what now?`,
        options: actions.map((action) => ({ value: action, ...actionLabels[action] })),
        ...where,
      });
      // Ctrl-C (or Esc) at the choice cancels the review; "quit" is the way to stop on purpose.
      if (cancelled(choice)) {
        throw new BatonError({
          code: 'REVIEW_CANCELLED',
          message: `Review cancelled: nothing was recorded for ${view.item.component.key}.`,
          hint: 'Decisions made before it are kept; run `baton review` again to continue.',
        });
      }
      return choice;
    },
    async askText(message, { required }) {
      const answer = await clack.text({
        ...where,
        message,
        validate: (value) =>
          required && !value?.trim() ? 'Please write something (Esc to go back).' : undefined,
      });
      return cancelled(answer) ? undefined : answer.trim();
    },
    async openEditor(worktree) {
      openEditorOn(worktree, io.env);
    },
    async readPatch() {
      const path = await clack.text({ ...where, message: 'Patch file (a unified diff against the branch)' });
      if (cancelled(path) || !path.trim()) return undefined;
      try {
        return readFileSync(resolve(io.cwd, path.trim()), 'utf8');
      } catch (error) {
        clack.log.error(`Cannot read ${path}: ${describeCause(error)}`);
        return undefined;
      }
    },
  };
}
