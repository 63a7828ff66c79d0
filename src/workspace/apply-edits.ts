import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { BatonError } from '../core/errors.js';
import type { ErrorCode } from '../core/index.js';
import type { Edit, EditFormat } from './edit.js';
import { resolveInsideWorktree } from './safe-path.js';
import { applyHunks } from './unified-diff.js';

export interface EditIssue {
  code: ErrorCode;
  path: string;
  format: EditFormat;
  message: string;
  hint?: string;
  /** The 1-based hunk of a diff that did not apply. */
  hunk?: number;
}

export interface AppliedFile {
  path: string;
  change: 'created' | 'modified' | 'deleted';
  formats: EditFormat[];
  /** What was written, so a caller can prove the commit holds exactly this; absent when deleted. */
  content?: string;
}

export type ApplyResult = { success: true; value: AppliedFile[] } | { success: false; issues: EditIssue[] };

function searchNotFound(path: string, message: string): BatonError {
  return new BatonError({
    code: 'EDIT_SEARCH_NOT_FOUND',
    message,
    hint: 'The SEARCH text must be copied exactly from the current file; ask for the whole file if it keeps failing.',
    details: { path },
  });
}

function replaceOnce(path: string, content: string, search: string, replace: string): string {
  if (search === '')
    throw searchNotFound(path, `An empty SEARCH block can only create a new file, and ${path} exists.`);
  const at = content.indexOf(search);
  if (at >= 0) return content.slice(0, at) + replace + content.slice(at + search.length);
  // Trailing spaces are the usual difference between what a model copied and the file.
  const lines = content.split('\n');
  const wanted = search.split('\n').map((line) => line.trimEnd());
  for (let start = 0; start + wanted.length <= lines.length; start++) {
    if (wanted.every((line, offset) => (lines[start + offset] ?? '').trimEnd() === line)) {
      return [...lines.slice(0, start), replace, ...lines.slice(start + wanted.length)].join('\n');
    }
  }
  const firstLine = search.split('\n').find((line) => line.trim() !== '') ?? '';
  throw searchNotFound(
    path,
    `The SEARCH text for ${path} is not in the file (it starts with "${firstLine.trim().slice(0, 80)}").`,
  );
}

interface Pending {
  absolute: string;
  existed: boolean;
  content: string | undefined;
  formats: EditFormat[];
}

/**
 * Applies edits inside a worktree, all or nothing: every path is checked and every change computed
 * in memory first, and files are written only when all of them succeed. Refusals and diffs that do
 * not apply come back as issues naming the file (and hunk), not as thrown errors.
 */
export function applyEdits(worktree: string, edits: readonly Edit[]): ApplyResult {
  const pending = new Map<string, Pending>();
  const issues: EditIssue[] = [];
  for (const edit of edits) {
    try {
      const absolute = resolveInsideWorktree(worktree, edit.path);
      let entry = pending.get(absolute);
      if (!entry) {
        const existed = existsSync(absolute);
        if (existed && !statSync(absolute).isFile()) {
          throw new BatonError({
            code: 'EDIT_PATH_INVALID',
            message: `${edit.path} is not a regular file in the worktree, so it cannot be edited.`,
            hint: 'Name a file, not a folder or a device.',
          });
        }
        entry = {
          absolute,
          existed,
          content: existed ? readFileSync(absolute, 'utf8') : undefined,
          formats: [],
        };
      }
      const current = entry.content;
      if (edit.format === 'whole-file') {
        entry.content = edit.content;
      } else if (edit.format === 'search-replace') {
        if (current === undefined) {
          if (edit.search.trim() !== '')
            throw searchNotFound(
              edit.path,
              `${edit.path} does not exist, so its SEARCH text cannot be found.`,
            );
          entry.content = `${edit.replace}\n`;
        } else {
          entry.content = replaceOnce(edit.path, current, edit.search, edit.replace);
        }
      } else if (edit.deletes) {
        if (current === undefined) {
          throw new BatonError({
            code: 'EDIT_DIFF_DOES_NOT_APPLY',
            message: `The diff deletes ${edit.path}, which does not exist.`,
          });
        }
        entry.content = undefined;
      } else if (edit.creates && current !== undefined) {
        throw new BatonError({
          code: 'EDIT_DIFF_DOES_NOT_APPLY',
          message: `The diff creates ${edit.path}, which already exists.`,
          hint: 'Ask for a diff against the current file, or for the whole file.',
        });
      } else {
        entry.content = applyHunks(edit.path, current ?? '', edit.hunks);
      }
      entry.formats.push(edit.format);
      pending.set(absolute, entry);
    } catch (error) {
      if (!BatonError.isInstance(error)) throw error;
      issues.push({
        code: error.code,
        path: edit.path,
        format: edit.format,
        message: error.message,
        hint: error.hint,
        hunk: typeof error.details.hunk === 'number' ? error.details.hunk : undefined,
      });
    }
  }
  if (issues.length > 0) return { success: false, issues };
  const applied: AppliedFile[] = [];
  const root = realpathSync.native(worktree);
  for (const [absolute, entry] of pending) {
    const path = relative(root, absolute);
    if (entry.content === undefined) {
      rmSync(absolute, { force: true });
      applied.push({ path, change: 'deleted', formats: entry.formats });
      continue;
    }
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, entry.content);
    applied.push({
      path,
      change: entry.existed ? 'modified' : 'created',
      formats: entry.formats,
      content: entry.content,
    });
  }
  return { success: true, value: applied };
}
