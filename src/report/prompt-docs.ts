import type { AttemptEvidence } from '../engine/index.js';
import type {
  AttemptHistory,
  CheckResult,
  ComponentHistory,
  LedgerRow,
  RunHistory,
} from '../ledger/index.js';
import { checkResultsForAttempt } from '../ledger/index.js';
import type { ExperimentSummary } from '../metrics/index.js';
import { renderExperimentMarkdown } from './experiment-markdown.js';

/** One file of the export, its path relative to the output folder. */
export interface PromptDocFile {
  path: string;
  content: string;
}

interface DocCheck {
  checkId: string;
  status: string;
  findings: number;
  durationMs: number;
}

/** A feature name as a folder name: `Notification preferences` → `notification-preferences`. */
export function featureSlug(feature: string): string {
  const slug = feature
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'feature';
}

function parseJson<Value>(text: string | null | undefined): Value | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Value;
  } catch {
    return undefined;
  }
}

function usd(value: number): string {
  return `$${value.toFixed(4)}`;
}

/** Money as far as it is known: calls with no price make it `unknown`, never `$0.0000`. */
function costText(total: { usd: number; unpriced: number; calls: number }): string {
  if (total.unpriced > 0 && total.unpriced === total.calls) return 'unknown';
  return total.unpriced > 0 ? `${usd(total.usd)} + unknown` : usd(total.usd);
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** A fence longer than any run of backticks in the text, so prompts holding code blocks stay whole. */
function fenced(text: string, info = 'text'): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text.replace(/\n+$/, '')}\n${fence}`;
}

function location(finding: LedgerRow<'findings'>): string {
  if (!finding.file || finding.file === '.') return '(project)';
  return `${finding.file}${finding.line ? `:${finding.line}` : ''}`;
}

function findingItem(finding: LedgerRow<'findings'>): string {
  const cwe = finding.cwe ? ` (${finding.cwe})` : '';
  const message = finding.message.split('\n')[0] ?? '';
  const hint = finding.hint ? ` — hint: ${finding.hint.split('\n')[0]}` : '';
  return `- \`${location(finding)}\` ${finding.severity} \`${finding.ruleId}\`${cwe}: ${message}${hint}`;
}

function checksOf(history: AttemptHistory, events: readonly CheckResult[]): DocCheck[] {
  const evidence = parseJson<AttemptEvidence>(history.attempt.evidence);
  if (evidence) {
    return [...evidence.checks].sort((left, right) => left.checkId.localeCompare(right.checkId));
  }
  return checkResultsForAttempt(events, history.attempt.number).map((result) => ({
    checkId: result.checkId,
    status: result.findings > 0 ? 'findings' : 'passed',
    findings: result.findings,
    durationMs: result.durationMs,
  }));
}

function checkTable(checks: readonly DocCheck[]): string[] {
  if (checks.length === 0) return ['No check results recorded.'];
  return [
    '| check | status | findings | time |',
    '|---|---|---|---|',
    ...checks.map(
      (check) =>
        `| ${cell(check.checkId)} | ${check.status} | ${check.findings} | ${(check.durationMs / 1000).toFixed(1)} s |`,
    ),
  ];
}

/** User messages of an attempt's stored conversation, the model's instructions after the first. */
function userMessages(history: AttemptHistory): string[] | undefined {
  const conversation = parseJson<{ messages?: { role?: string; content?: unknown }[] }>(
    history.attempt.conversation,
  );
  if (!conversation?.messages) return undefined;
  return conversation.messages
    .filter((message) => message.role === 'user' && typeof message.content === 'string')
    .map((message) => message.content as string);
}

/**
 * The repair prompts an attempt sent: the user messages of its conversation that no earlier attempt
 * sent (never the component's first prompt); without a stored conversation, an attempt after the
 * first counts its prompt as the repair prompt.
 */
function repairPrompts(history: AttemptHistory, earlier: readonly AttemptHistory[]): string[] {
  const messages = userMessages(history);
  const texts = history.prompts.map((prompt) => prompt.text);
  if (!messages) return earlier.length === 0 ? texts.slice(1) : texts;
  const firstPrompt = userMessages(earlier[0] ?? history)?.[0];
  const seen = new Set([
    ...earlier.flatMap((attempt) => userMessages(attempt) ?? []),
    ...(firstPrompt === undefined ? [] : [firstPrompt]),
  ]);
  return messages.filter((message) => !seen.has(message));
}

function totals(attempts: readonly AttemptHistory[]) {
  const costs = attempts.flatMap((attempt) => attempt.costs);
  const priced = costs.filter((cost) => cost.usd !== null);
  return {
    inputTokens: costs.reduce((sum, cost) => sum + cost.inputTokens, 0),
    outputTokens: costs.reduce((sum, cost) => sum + cost.outputTokens, 0),
    usd: Math.round(priced.reduce((sum, cost) => sum + (cost.usd ?? 0), 0) * 1e9) / 1e9,
    unpriced: costs.length - priced.length,
    calls: costs.length,
  };
}

function models(attempts: readonly AttemptHistory[]): string {
  const ids = [
    ...new Set(
      attempts.flatMap((attempt) =>
        attempt.responses.map((response) => `${response.provider} (model ${response.model})`),
      ),
    ),
  ];
  return ids.length > 0 ? ids.join(', ') : 'none recorded';
}

function decisionLine(review: LedgerRow<'reviews'>): string {
  const reason = review.reason ? `: ${review.reason}` : '';
  const commit = review.reviewedCommit ? ` on \`${review.reviewedCommit.slice(0, 12)}\`` : '';
  const checks = review.checksOutcome ? ` (checks ${review.checksOutcome} after the edit)` : '';
  return `- ${review.createdAt} — **${review.decision}** by ${review.reviewer}${commit}${checks}${reason}`;
}

function lastDecision(component: ComponentHistory): LedgerRow<'reviews'> | undefined {
  return component.reviews.filter((review) => review.decision !== 'annotate').at(-1);
}

const pastTense: Record<string, string> = { accept: 'accepted', reject: 'rejected', edit: 'edited' };

function decisionSummary(component: ComponentHistory): string {
  const merge = component.merges.at(-1);
  const decision = lastDecision(component);
  const said = decision
    ? `${pastTense[decision.decision] ?? decision.decision} by ${decision.reviewer}${decision.reason ? ` (${decision.reason})` : ''}`
    : 'not reviewed';
  return merge ? `${said}; merged into ${merge.baseBranch}` : said;
}

function attemptSection(
  history: AttemptHistory,
  earlier: readonly AttemptHistory[],
  events: readonly CheckResult[],
  editTimes: readonly string[],
): string[] {
  const { attempt } = history;
  const lines = [`### Attempt ${attempt.number}: ${attempt.status}`, ''];
  const total = totals([history]);
  lines.push(`- Started ${attempt.startedAt}${attempt.endedAt ? `, ended ${attempt.endedAt}` : ''}`);
  if (attempt.branch)
    lines.push(
      `- Branch \`${attempt.branch}\`${attempt.commitSha ? ` at \`${attempt.commitSha.slice(0, 12)}\`` : ''}`,
    );
  lines.push(`- Model: ${models([history])}`);
  lines.push(
    `- Tokens: ${total.inputTokens} in, ${total.outputTokens} out; cost ${costText(total)}${total.unpriced > 0 ? ` (${total.unpriced} call(s) without a price)` : ''}`,
  );
  lines.push('', '#### Checks', '', ...checkTable(checksOf(history, events)), '');
  const firstEdit = editTimes[0];
  const gate = history.findings.filter((finding) => !firstEdit || finding.createdAt < firstEdit);
  const afterEdits = history.findings.filter((finding) => firstEdit && finding.createdAt >= firstEdit);
  lines.push('#### Findings', '');
  lines.push(...(gate.length > 0 ? gate.map(findingItem) : ['None.']), '');
  if (afterEdits.length > 0)
    lines.push('#### Findings after review edits', '', ...afterEdits.map(findingItem), '');
  for (const [index, prompt] of repairPrompts(history, earlier).entries()) {
    lines.push(`#### Repair prompt${index > 0 ? ` ${index + 1}` : ''}`, '', fenced(prompt), '');
  }
  return lines;
}

/** The experiments run on a component, each linked to its report in the export. */
function experimentsSection(experiments: readonly ExperimentSummary[]): string[] {
  if (experiments.length === 0) return [];
  const lines = [
    '## Experiments',
    '',
    'Prompt variants compared on this component (`baton experiment`):',
    '',
  ];
  for (const experiment of experiments) {
    lines.push(
      `- [${experiment.id}](experiments/${experiment.id}.md) — ${experiment.status}, ${experiment.variants.length} variants × ${experiment.samplesPerVariant} samples, started ${experiment.createdAt}`,
    );
    for (const verdict of experiment.verdicts) lines.push(`  - ${verdict}`);
  }
  lines.push('');
  return lines;
}

function componentDocument(
  run: RunHistory,
  component: ComponentHistory,
  events: readonly CheckResult[],
  experiments: readonly ExperimentSummary[] = [],
): string {
  const { component: row, attempts } = component;
  const prompts = attempts.flatMap((attempt) => attempt.prompts);
  const first = prompts[0];
  const final = prompts.at(-1);
  const total = totals(attempts);
  const reasons = parseJson<string[]>(row.triageReasons) ?? [];
  const lines = [`# ${row.key}: ${row.title}`, ''];
  lines.push('| | |', '|---|---|');
  lines.push(`| Feature | ${cell(run.plan.feature)} |`);
  lines.push(`| Run | \`${run.run.id}\` (${run.run.status}) |`);
  lines.push(`| Kind | ${row.kind} |`);
  lines.push(
    `| Triage | ${row.triage ?? 'none'}${reasons.length > 0 ? ` — ${cell(reasons.join('; '))}` : ''} |`,
  );
  lines.push(`| Status | ${row.status}${row.statusReason ? ` — ${cell(row.statusReason)}` : ''} |`);
  lines.push(`| Model | ${cell(models(attempts))} |`);
  lines.push(`| Attempts | ${attempts.length} |`);
  lines.push(`| Tokens | ${total.inputTokens} in, ${total.outputTokens} out |`);
  lines.push(
    `| Cost | ${costText(total)}${total.unpriced > 0 ? ` (${total.unpriced} call(s) without a price)` : ''} |`,
  );
  lines.push(`| Review | ${cell(decisionSummary(component))} |`);
  lines.push('');
  if (final && first && final.id !== first.id) {
    lines.push('## Final prompt', '', fenced(final.text), '', '## First prompt', '', fenced(first.text), '');
  } else if (first) {
    lines.push('## Prompt', '', 'The first prompt was also the final one.', '', fenced(first.text), '');
  } else {
    lines.push('## Prompt', '', 'No prompt recorded.', '');
  }
  lines.push('## Attempts', '');
  if (attempts.length === 0) lines.push('No attempt in this run.', '');
  for (const [index, attempt] of attempts.entries()) {
    const editTimes = component.reviews
      .filter((review) => review.decision === 'edit' && review.attemptId === attempt.attempt.id)
      .map((review) => review.createdAt);
    lines.push(...attemptSection(attempt, attempts.slice(0, index), events, editTimes));
  }
  lines.push(...experimentsSection(experiments));
  lines.push('## Review', '');
  if (component.reviews.length === 0) lines.push('No review recorded.');
  for (const review of component.reviews) lines.push(decisionLine(review));
  for (const merge of component.merges) {
    lines.push(
      `- ${merge.createdAt} — **merged** into ${merge.baseBranch} by ${merge.mergedBy} as \`${merge.mergeCommit.slice(0, 12)}\``,
    );
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

function indexDocument(run: RunHistory): string {
  const lines = [`# ${run.plan.feature}`, ''];
  lines.push(
    `Prompts, attempts, findings and review decisions of run \`${run.run.id}\` (${run.run.status}), started ${run.run.startedAt}.`,
    '',
  );
  lines.push(
    '| component | title | triage | status | attempts | findings | cost | review |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const component of run.components) {
    const row = component.component;
    const findings = component.attempts.reduce((sum, attempt) => sum + attempt.findings.length, 0);
    lines.push(
      `| [${row.key}](${row.key}.md) | ${cell(row.title)} | ${row.triage ?? 'none'} | ${row.status} | ${component.attempts.length} | ${findings} | ${costText(totals(component.attempts))} | ${cell(decisionSummary(component))} |`,
    );
  }
  const total = totals(run.components.flatMap((component) => component.attempts));
  lines.push('', `Total: ${total.inputTokens} tokens in, ${total.outputTokens} out, ${costText(total)}.`);
  return `${lines.join('\n')}\n`;
}

/**
 * The Markdown export of one run: `<feature-slug>/index.md` and `<feature-slug>/<component>.md`.
 * Built only from the ledger rows given, in a fixed order, so the same ledger gives the same bytes.
 */
export function renderPromptDocs(
  run: RunHistory,
  checkResults: ReadonlyMap<string, readonly CheckResult[]>,
  experiments: readonly ExperimentSummary[] = [],
): PromptDocFile[] {
  const folder = featureSlug(run.plan.feature);
  const files: PromptDocFile[] = [{ path: `${folder}/index.md`, content: indexDocument(run) }];
  for (const component of run.components) {
    const events = [
      ...(checkResults.get(component.component.id) ?? []),
      ...(checkResults.get(component.component.key) ?? []),
    ];
    files.push({
      path: `${folder}/${component.component.key}.md`,
      content: componentDocument(
        run,
        component,
        events,
        experiments.filter((experiment) => experiment.componentKey === component.component.key),
      ),
    });
  }
  for (const experiment of experiments)
    files.push({
      path: `${folder}/experiments/${experiment.id}.md`,
      content: renderExperimentMarkdown(experiment),
    });
  return files;
}
