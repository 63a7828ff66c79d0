import type {
  DiffFinding,
  DiffLine,
  MergeReport,
  ReviewCheck,
  ReviewItem,
  ReviewView,
} from '../engine/review/index.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function checkLine(check: ReviewCheck): string {
  const mark = check.status === 'passed' ? '✓' : '✗';
  const seconds = (check.durationMs / 1000).toFixed(1);
  return `${mark} ${check.checkId} ${check.status} (${plural(check.findings, 'finding')}, ${seconds} s)`;
}

function findingLines(finding: DiffFinding, indent: string): string[] {
  const cwe = finding.cwe ? ` ${finding.cwe}` : '';
  const [first, ...rest] = finding.message.split('\n');
  const lines = [`${indent}▲ ${finding.severity} ${finding.ruleId}${cwe}: ${first ?? ''}`];
  for (const line of rest) lines.push(`${indent}  ${line}`);
  if (finding.hint) lines.push(`${indent}  hint: ${finding.hint}`);
  return lines;
}

function where(finding: DiffFinding): string {
  if (!finding.file || finding.file === '.') return '(project)';
  return `${finding.file}${finding.line ? `:${finding.line}` : ''}`;
}

const markers: Record<DiffLine['kind'], string> = { added: '+', removed: '-', context: ' ' };

function number(value: number | undefined): string {
  return value === undefined ? '    ' : String(value).padStart(4);
}

/** One component's summary line for lists: key, state, mandatory mark and findings. */
export function formatReviewItemLine(item: ReviewItem): string {
  const mandatory = item.mandatory ? ' [mandatory review]' : '';
  return `${item.component.key}  ${item.state}${mandatory}  ${plural(item.findings.length, 'finding')}  ${item.stateReason}`;
}

/**
 * A component for the terminal: what it is and where its branch stands, the check summary at the
 * top, then the diff with line numbers and every finding right under the line it points at.
 */
export function formatReviewView(view: ReviewView): string {
  const { item } = view;
  const lines: string[] = [];
  lines.push(`━━ ${item.component.key}: ${item.component.title}`);
  if (item.mandatory) {
    lines.push(
      '   Review is mandatory (triage: orchestrate+verify): it merges only after a person accepts it.',
    );
  }
  lines.push(
    `   attempt ${item.attempt?.number ?? '?'} · ${view.branch} @ ${view.head.slice(0, 12)} · against ${view.baseBranch} from ${view.start.slice(0, 12)}`,
  );
  lines.push(`   ${item.stateReason}`);
  if (view.movedSinceDecision) {
    lines.push('   ! The branch moved after its checks ran: re-run them (recheck) before accepting.');
  }
  lines.push('');
  lines.push(item.checks.length === 0 ? 'Checks: none recorded' : 'Checks:');
  for (const check of item.checks) lines.push(`  ${checkLine(check)}`);
  lines.push(`Findings: ${item.findings.length === 0 ? 'none' : plural(item.findings.length, 'finding')}`);
  for (const review of item.reviews.filter((review) => review.attemptId === item.attempt?.id)) {
    lines.push(
      `Review: ${review.decision} by ${review.reviewer}${review.reason ? `: ${review.reason}` : ''}`,
    );
  }
  lines.push('');
  if (view.diff.files.length === 0) lines.push('(the branch changes no file)');
  for (const file of view.diff.files) {
    lines.push(`─── ${file.path} (${file.status})`);
    for (const hunk of file.hunks) {
      lines.push(`     ${hunk.header}`);
      for (const line of hunk.lines) {
        lines.push(`${number(line.oldLine)} ${number(line.newLine)} ${markers[line.kind]} ${line.text}`);
        for (const finding of line.findings) lines.push(...findingLines(finding, '            '));
      }
    }
    for (const finding of file.otherFindings) {
      lines.push(`  on a line the diff does not show, ${where(finding)}:`);
      lines.push(...findingLines(finding, '    '));
    }
    lines.push('');
  }
  if (view.diff.elsewhere.length > 0) {
    lines.push('Findings outside this diff:');
    for (const finding of view.diff.elsewhere) {
      lines.push(`  ${where(finding)}`);
      lines.push(...findingLines(finding, '    '));
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** What a merge did: each merged component with its merge commit, and each one left out with why. */
export function formatMergeReport(report: MergeReport): string {
  const lines: string[] = [];
  for (const merged of report.merged) {
    lines.push(
      `Merged ${merged.key} (${merged.branch}) into ${report.baseBranch} as ${merged.mergeCommit.slice(0, 12)}`,
    );
  }
  for (const skipped of report.skipped) lines.push(`Not merged ${skipped.key}: ${skipped.reason}`);
  if (report.merged.length === 0 && report.skipped.length === 0) lines.push('Nothing to merge.');
  return `${lines.join('\n')}\n`;
}
