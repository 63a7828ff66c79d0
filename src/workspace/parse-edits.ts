import type { Edit, EditFinding, ParsedEdits } from './edit.js';
import { parseUnifiedDiff } from './unified-diff.js';

interface Fence {
  info: string;
  /** 0-based index of the opening fence line. */
  start: number;
  body: string[];
}

const searchMarker = /^<{5,9} ?SEARCH\s*$/;
const dividerMarker = /^={5,9}\s*$/;
const replaceMarker = /^>{5,9} ?REPLACE\s*$/;

/** A file path written by a model, with the decoration models put around it removed; or undefined. */
export function cleanPath(raw: string): string | undefined {
  let text = raw.trim();
  text = text
    .replace(/^#{1,6}\s+/, '')
    .replace(/^(?:\/\/|#|--|<!--)\s*/, '')
    .replace(/\s*-->$/, '');
  text = text.replace(/^(?:file(?:name)?|path)\s*[:=]\s*/i, '');
  text = text.replace(/^[*_`"']+|[*_`"':]+$/g, '').trim();
  if (text === '' || /\s/.test(text) || /^[a-z]+:\/\//i.test(text)) return undefined;
  // A path has a folder or an extension, or is one of the well-known extension-less files.
  if (!/[/.]/.test(text) && !/^(Dockerfile|Makefile|Procfile|LICENSE|README)$/.test(text)) return undefined;
  if (/^[.]+$/.test(text)) return undefined;
  return text;
}

/** A path on the line before a fence: the whole line, or the last `backticked` path in a sentence. */
function pathFromLine(line: string): string | undefined {
  const whole = cleanPath(line);
  if (whole) return whole;
  const quoted = [...line.matchAll(/`([^`\s]+)`/g)].map((match) => cleanPath(match[1] ?? '')).filter(Boolean);
  return quoted.at(-1);
}

function pathFromInfo(info: string): string | undefined {
  const attribute = /(?:path|file|filename|title)\s*=\s*["']?([^"'\s]+)/i.exec(info);
  if (attribute?.[1]) return cleanPath(attribute[1]);
  const words = info.trim().split(/\s+/).filter(Boolean);
  for (const word of words) {
    if (word.includes('/') || /\.[A-Za-z0-9]+$/.test(word)) {
      const path = cleanPath(word);
      if (path) return path;
    }
  }
  return undefined;
}

function splitFences(lines: readonly string[]): {
  fences: Fence[];
  outside: { line: number; text: string }[];
} {
  const fences: Fence[] = [];
  const outside: { line: number; text: string }[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? '';
    const open = /^\s{0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (!open) {
      outside.push({ line: index, text: line });
      index++;
      continue;
    }
    const marker = open[1] ?? '```';
    const fence: Fence = { info: (open[2] ?? '').trim(), start: index, body: [] };
    index++;
    while (index < lines.length) {
      const inner = lines[index] ?? '';
      if (new RegExp(`^\\s{0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`).test(inner)) break;
      fence.body.push(inner);
      index++;
    }
    index++;
    fences.push(fence);
  }
  return { fences, outside };
}

function parseSearchReplace(
  lines: readonly string[],
  firstLine: number,
  fallbackPath: string | undefined,
  edits: Edit[],
  findings: EditFinding[],
): void {
  let path = fallbackPath;
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? '';
    if (!searchMarker.test(line)) {
      const candidate = cleanPath(line);
      if (candidate && line.trim() !== '') path = candidate;
      index++;
      continue;
    }
    const start = index;
    const search: string[] = [];
    const replace: string[] = [];
    index++;
    while (index < lines.length && !dividerMarker.test(lines[index] ?? '')) search.push(lines[index++] ?? '');
    index++;
    while (index < lines.length && !replaceMarker.test(lines[index] ?? ''))
      replace.push(lines[index++] ?? '');
    if (index >= lines.length) {
      findings.push({
        ruleId: 'edit/malformed-search-replace',
        message: 'A SEARCH block is not closed by "=======" and ">>>>>>> REPLACE".',
        line: firstLine + start + 1,
      });
      return;
    }
    index++;
    if (!path) {
      findings.push({
        ruleId: 'edit/malformed-search-replace',
        message: 'A SEARCH/REPLACE block names no file; put the path on the line before it.',
        line: firstLine + start + 1,
      });
      continue;
    }
    edits.push({
      format: 'search-replace',
      path,
      search: search.join('\n'),
      replace: replace.join('\n'),
      line: firstLine + start + 1,
    });
  }
}

function parseDiff(
  lines: readonly string[],
  firstLine: number,
  edits: Edit[],
  findings: EditFinding[],
): void {
  const { files, problems } = parseUnifiedDiff(lines);
  for (const problem of problems) {
    findings.push({
      ruleId: 'edit/malformed-diff',
      message: problem.message,
      line: firstLine + problem.line + 1,
    });
  }
  for (const file of files) {
    if (file.hunks.length === 0 && !file.deletes) continue;
    edits.push({
      format: 'unified-diff',
      path: file.path,
      hunks: file.hunks,
      creates: file.creates,
      deletes: file.deletes,
      line: firstLine + file.startLine + 1,
    });
  }
}

const looksLikeDiff = (lines: readonly string[]) =>
  lines.some((line, index) => line.startsWith('--- ') && (lines[index + 1] ?? '').startsWith('+++ '));

/**
 * Reads the edits out of a model's answer: fenced whole-file blocks with a path (in the fence info,
 * on the line before, or in a first-line comment), unified diffs, and SEARCH/REPLACE blocks. What it
 * cannot use becomes a finding; an answer with no usable edit gives `edit/no-usable-edit`.
 */
export function parseEdits(response: string): ParsedEdits {
  const lines = response.replace(/\r\n/g, '\n').split('\n');
  const edits: Edit[] = [];
  const findings: EditFinding[] = [];
  const { fences, outside } = splitFences(lines);

  for (const fence of fences) {
    const before = [lines[fence.start - 1], lines[fence.start - 2]].find(
      (line) => line !== undefined && line.trim() !== '',
    );
    const pathBefore = before === undefined ? undefined : pathFromLine(before);
    const infoPath = pathFromInfo(fence.info);
    const firstBodyLine = fence.start + 1;
    if (fence.body.some((line) => searchMarker.test(line))) {
      parseSearchReplace(fence.body, firstBodyLine, infoPath ?? pathBefore, edits, findings);
      continue;
    }
    if (/^(diff|patch|udiff)\b/i.test(fence.info) || looksLikeDiff(fence.body)) {
      parseDiff(fence.body, firstBodyLine, edits, findings);
      continue;
    }
    const firstComment = /^\s*(?:\/\/|#|--|<!--)\s*(?:file(?:name)?|path)\s*:\s*(\S+)/i.exec(
      fence.body[0] ?? '',
    );
    const commentPath = firstComment?.[1] ? cleanPath(firstComment[1]) : undefined;
    const path = infoPath ?? pathBefore ?? commentPath;
    if (!path) {
      findings.push({
        ruleId: 'edit/code-block-without-path',
        message: `A ${fence.info ? `${fence.info.split(/\s/)[0]} ` : ''}code block has no file path, so it was not applied.`,
        line: fence.start + 1,
      });
      continue;
    }
    const body = commentPath && path === commentPath ? fence.body.slice(1) : fence.body;
    edits.push({ format: 'whole-file', path, content: `${body.join('\n')}\n`, line: fence.start + 1 });
  }

  // SEARCH/REPLACE blocks and diffs are also written without fences.
  const bare = outside.map((entry) => entry.text);
  const fromFences = { edits: edits.length, findings: findings.length };
  if (bare.some((line) => searchMarker.test(line))) parseSearchReplace(bare, 0, undefined, edits, findings);
  else if (looksLikeDiff(bare)) parseDiff(bare, 0, edits, findings);
  // Lines found in the unfenced text are numbered in it; map them back to the response.
  const responseLine = (line: number | undefined) =>
    line === undefined ? undefined : (outside[line - 1]?.line ?? 0) + 1;
  for (const edit of edits.slice(fromFences.edits)) edit.line = responseLine(edit.line) ?? edit.line;
  for (const finding of findings.slice(fromFences.findings)) finding.line = responseLine(finding.line);

  if (edits.length === 0) {
    findings.push({
      ruleId: 'edit/no-usable-edit',
      message:
        'The response contains no usable edit: no fenced file with a path, no unified diff and no SEARCH/REPLACE block.',
    });
  }
  return { edits: edits.sort((left, right) => left.line - right.line), findings };
}
