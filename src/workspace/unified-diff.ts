import { BatonError } from '../core/errors.js';
import type { DiffHunk } from './edit.js';

export interface FileDiff {
  path: string;
  creates: boolean;
  deletes: boolean;
  hunks: DiffHunk[];
  /** 0-based index of the `---` line among the lines given. */
  startLine: number;
}

function stripPrefix(raw: string): string {
  const path = (raw.split('\t')[0] ?? '').trim().replace(/^"(.*)"$/, '$1');
  return /^[ab]\//.test(path) ? path.slice(2) : path;
}

/** Reads every file section (`--- a/x`, `+++ b/x`, `@@ … @@` hunks) out of unified-diff text. */
export function parseUnifiedDiff(lines: readonly string[]): {
  files: FileDiff[];
  problems: { line: number; message: string }[];
} {
  const files: FileDiff[] = [];
  const problems: { line: number; message: string }[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? '';
    const next = lines[index + 1] ?? '';
    if (!(line.startsWith('--- ') && next.startsWith('+++ '))) {
      index++;
      continue;
    }
    const oldPath = stripPrefix(line.slice(4));
    const newPath = stripPrefix(next.slice(4));
    const file: FileDiff = {
      path: newPath === '/dev/null' ? oldPath : newPath,
      creates: oldPath === '/dev/null',
      deletes: newPath === '/dev/null',
      hunks: [],
      startLine: index,
    };
    index += 2;
    while (index < lines.length) {
      const header = lines[index] ?? '';
      if (header.startsWith('--- ') && (lines[index + 1] ?? '').startsWith('+++ ')) break;
      const match = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/.exec(header);
      if (!match) {
        if (header.startsWith('@@'))
          problems.push({ line: index, message: `unreadable hunk header "${header}"` });
        index++;
        continue;
      }
      const hunk: DiffHunk = { header: header.trim(), oldStart: Number(match[1]), before: [], after: [] };
      index++;
      while (index < lines.length) {
        const body = lines[index] ?? '';
        if (body.startsWith('@@') || (body.startsWith('--- ') && (lines[index + 1] ?? '').startsWith('+++ ')))
          break;
        if (body.startsWith('diff --git ')) break;
        if (body.startsWith('+')) hunk.after.push(body.slice(1));
        else if (body.startsWith('-')) hunk.before.push(body.slice(1));
        else if (body.startsWith(' ')) {
          hunk.before.push(body.slice(1));
          hunk.after.push(body.slice(1));
        } else if (body === '') {
          // Models and editors often drop the single space of an empty context line.
          hunk.before.push('');
          hunk.after.push('');
        } else if (!body.startsWith('\\')) break;
        index++;
      }
      // Trailing empty "context" picked up from blank lines after the diff is not part of it.
      while (hunk.before.at(-1) === '' && hunk.after.at(-1) === '' && hunk.before.length > 0) {
        hunk.before.pop();
        hunk.after.pop();
      }
      file.hunks.push(hunk);
    }
    if (file.hunks.length === 0 && !file.deletes)
      problems.push({ line: file.startLine, message: `the diff of ${file.path} has no hunks` });
    files.push(file);
  }
  return { files, problems };
}

function findBlock(
  lines: readonly string[],
  block: readonly string[],
  hint: number,
  equal: (a: string, b: string) => boolean,
): number {
  if (block.length === 0) return Math.min(Math.max(hint, 0), lines.length);
  const matchesAt = (start: number) =>
    block.every((line, offset) => equal(lines[start + offset] ?? '\u0000', line));
  const from = Math.min(Math.max(hint, 0), Math.max(0, lines.length - block.length));
  // Nearest match to where the hunk says it starts, searching outwards; line numbers from models drift.
  for (let distance = 0; distance <= lines.length; distance++) {
    for (const start of distance === 0 ? [from] : [from - distance, from + distance]) {
      if (start >= 0 && start + block.length <= lines.length && matchesAt(start)) return start;
    }
  }
  return -1;
}

/** Applies hunks in order to a file's text; a hunk that matches nowhere is named with the file. */
export function applyHunks(path: string, original: string, hunks: readonly DiffHunk[]): string {
  const trailingNewline = original.endsWith('\n') || original === '';
  const lines = original === '' ? [] : original.replace(/\n$/, '').split('\n');
  let offset = 0;
  hunks.forEach((hunk, hunkIndex) => {
    const hint = hunk.oldStart - 1 + offset;
    let start = findBlock(lines, hunk.before, hint, (a, b) => a === b);
    if (start < 0) start = findBlock(lines, hunk.before, hint, (a, b) => a.trimEnd() === b.trimEnd());
    if (start < 0) {
      const firstLine = hunk.before.find((line) => line.trim() !== '') ?? '';
      throw new BatonError({
        code: 'EDIT_DIFF_DOES_NOT_APPLY',
        message: `The diff of ${path} does not apply: hunk ${hunkIndex + 1} of ${hunks.length} (${hunk.header}) expects lines that are not in the file${firstLine ? `, starting with "${firstLine.trim().slice(0, 80)}"` : ''}.`,
        hint: 'Ask for the whole file, or a search/replace block, or a diff made against the current file.',
        details: { path, hunk: hunkIndex + 1, header: hunk.header },
      });
    }
    lines.splice(start, hunk.before.length, ...hunk.after);
    offset = start - (hunk.oldStart - 1) + (hunk.after.length - hunk.before.length);
  });
  return lines.join('\n') + (trailingNewline && lines.length > 0 ? '\n' : '');
}
