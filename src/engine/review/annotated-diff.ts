/** A finding as the review shows it beside the code. */
export interface DiffFinding {
  checkId: string;
  ruleId: string;
  severity: string;
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
  hint: string | null;
  cwe: string | null;
}

export interface DiffLine {
  kind: 'context' | 'added' | 'removed';
  text: string;
  oldLine: number | undefined;
  newLine: number | undefined;
  /** Findings that point at this line of the new file. */
  findings: DiffFinding[];
}

export interface DiffHunk {
  header: string;
  lines: DiffLine[];
}

export interface DiffFile {
  path: string;
  status: 'added' | 'deleted' | 'modified' | 'binary';
  hunks: DiffHunk[];
  /** Findings in this file on lines the diff does not show. */
  otherFindings: DiffFinding[];
}

/** A component's diff with every finding placed next to the line it points at. */
export interface AnnotatedDiff {
  files: DiffFile[];
  /** Findings in files the diff does not touch, or about no file (the project as a whole). */
  elsewhere: DiffFinding[];
}

function unquote(path: string): string {
  return path.startsWith('"') && path.endsWith('"') ? path.slice(1, -1) : path;
}

/** Reads git's unified diff (`git diff`, no renames) into files, hunks and numbered lines. */
export function parseGitDiff(text: string): DiffFile[] {
  const files: DiffFile[] = [];
  let file: DiffFile | undefined;
  let hunk: DiffHunk | undefined;
  let oldLine = 0;
  let newLine = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) {
      const match = /^diff --git (?:"?a\/)(.+?)"? (?:"?b\/)(.+?)"?$/.exec(line);
      file = {
        path: unquote(match?.[2] ?? line.slice(11)),
        status: 'modified',
        hunks: [],
        otherFindings: [],
      };
      files.push(file);
      hunk = undefined;
      continue;
    }
    if (!file) continue;
    if (!hunk) {
      if (line.startsWith('new file mode')) file.status = 'added';
      else if (line.startsWith('deleted file mode')) file.status = 'deleted';
      else if (line.startsWith('Binary files ')) file.status = 'binary';
      else if (line.startsWith('+++ ') && line !== '+++ /dev/null')
        file.path = unquote(line.slice(4)).replace(/^b\//, '');
    }
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (header) {
      hunk = { header: line, lines: [] };
      file.hunks.push(hunk);
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
      continue;
    }
    if (!hunk) continue;
    if (line.startsWith('+')) {
      hunk.lines.push({
        kind: 'added',
        text: line.slice(1),
        oldLine: undefined,
        newLine: newLine++,
        findings: [],
      });
    } else if (line.startsWith('-')) {
      hunk.lines.push({
        kind: 'removed',
        text: line.slice(1),
        oldLine: oldLine++,
        newLine: undefined,
        findings: [],
      });
    } else if (line.startsWith(' ')) {
      hunk.lines.push({
        kind: 'context',
        text: line.slice(1),
        oldLine: oldLine++,
        newLine: newLine++,
        findings: [],
      });
    }
  }
  return files;
}

const severityRank: Record<string, number> = { error: 0, warning: 1, note: 2 };

function compareFindings(left: DiffFinding, right: DiffFinding): number {
  return (
    (left.file ?? '').localeCompare(right.file ?? '') ||
    (left.line ?? 0) - (right.line ?? 0) ||
    (severityRank[left.severity] ?? 3) - (severityRank[right.severity] ?? 3) ||
    left.ruleId.localeCompare(right.ruleId) ||
    left.message.localeCompare(right.message)
  );
}

/** Places each finding on the new-file line it points at, else with its file, else elsewhere. */
export function annotateDiff(diffText: string, findings: readonly DiffFinding[]): AnnotatedDiff {
  const files = parseGitDiff(diffText);
  const elsewhere: DiffFinding[] = [];
  for (const finding of [...findings].sort(compareFindings)) {
    const file = files.find((candidate) => candidate.path === finding.file);
    if (!file) {
      elsewhere.push(finding);
      continue;
    }
    const line =
      finding.line === null
        ? undefined
        : file.hunks.flatMap((hunk) => hunk.lines).find((candidate) => candidate.newLine === finding.line);
    if (line) line.findings.push(finding);
    else file.otherFindings.push(finding);
  }
  return { files, elsewhere };
}
