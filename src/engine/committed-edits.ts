import type { AppliedFile } from '../workspace/apply-edits.js';
import { gitBlobId } from '../workspace/git.js';
import type { AttemptWorkspace, WorkspaceFactory } from './attempt-workspace.js';
import type { RepairFinding } from './repair-prompt.js';

/**
 * Findings for every file the attempt's commit holds differently from what the model's edits
 * produce in memory, byte for byte (a clean filter, a line-ending rule or a hook that rewrote it).
 * The gate judges the commit, so a difference means its verdict would be about code nobody wrote.
 */
export async function differencesFromCommit(
  workspaces: Pick<WorkspaceFactory, 'committedBlobIds'>,
  workspace: AttemptWorkspace,
  commitSha: string,
  applied: readonly AppliedFile[],
): Promise<RepairFinding[]> {
  const committed = await workspaces.committedBlobIds(
    workspace,
    commitSha,
    applied.map((file) => file.path),
  );
  const findings: RepairFinding[] = [];
  for (const file of applied) {
    const expected = file.content === undefined ? undefined : gitBlobId(file.content);
    const actual = committed.get(file.path);
    if (expected === actual) continue;
    const what =
      actual === undefined
        ? 'is missing from the commit'
        : expected === undefined
          ? 'was deleted by the edits but is still in the commit'
          : 'differs from the content the edits produce';
    findings.push({
      checkId: 'edits',
      ruleId: 'edit/commit-differs',
      severity: 'error',
      file: file.path,
      line: null,
      column: null,
      message: `${file.path} ${what} (commit ${commitSha.slice(0, 12)}); the gate did not run on it.`,
      hint: 'Something between the edits and the commit rewrote the file (a git clean filter, .gitattributes line endings, a hook); remove it for this repository and run again.',
    });
  }
  return findings;
}
