import { verifyCheckIds } from '../core/index.js';
import type { LedgerStore } from '../ledger/index.js';
import {
  isReviewRuleOverride,
  loadMetricsData,
  type MetricsData,
  planPaths,
  promptsCutToBudget,
  runRow,
} from '../ledger/index.js';
import { isHumanInterval, isPolicyReview } from '../metrics/index.js';
import { type AuditFinding, type AuditReport, type MistakeId, mistakes } from './audit-finding.js';

export {
  type AuditFinding,
  type AuditReport,
  type AuditSeverity,
  auditFails,
  auditSeverities,
  type MistakeId,
  mistakes,
} from './audit-finding.js';

export interface AuditOptions {
  ledger: LedgerStore;
  runId?: string | undefined;
  since?: string | undefined;
  now: Date;
  /** The checks the config runs; the built-in ones left out are reported as disabled. */
  configuredChecks: readonly string[];
  /** Whether a merged component's prompts were exported as docs (`baton docs export`). */
  isDocumented: (feature: string, componentKey: string) => boolean;
  /** Minutes of recorded review per changed file below which an accept is called hasty. @default 1 */
  reviewMinutesPerFile?: number;
  /** The prompt-lint score of each component of a plan file (relative to the project root), if it can be read. */
  lintScores?: (planPath: string) => ReadonlyMap<string, number> | undefined;
  /** Scores below this, with 2 or more attempts, are poor prompting. @default 70 */
  lowLintScore?: number;
}

const minutesBetween = (start: string, end: string) =>
  Math.max(0, Date.parse(end) - Date.parse(start)) / 60_000;

interface Evidence {
  unavailableChecks?: string[];
  checks?: { checkId: string; status: string }[];
  passed?: boolean;
}

function evidenceOf(attempt: MetricsData['attempts'][number] | undefined): Evidence | undefined {
  if (!attempt?.evidence) return undefined;
  try {
    return JSON.parse(attempt.evidence) as Evidence;
  } catch {
    return undefined;
  }
}

/** Restricts the metrics rows to one run: its plan's components and what belongs to them. */
function onlyRun(data: MetricsData, run: { id: string; planId: string }): MetricsData {
  const components = data.components.filter((component) => component.planId === run.planId);
  const ids = new Set(components.map((component) => component.id));
  const attempts = data.attempts.filter((attempt) => attempt.runId === run.id);
  const attemptIds = new Set(attempts.map((attempt) => attempt.id));
  const mine = <Row extends { componentId: string | null }>(rows: Row[]) =>
    rows.filter((row) => row.componentId !== null && ids.has(row.componentId));
  return {
    ...data,
    components,
    attempts,
    findings: data.findings.filter(
      (finding) => finding.attemptId !== null && attemptIds.has(finding.attemptId),
    ),
    reviews: mine(data.reviews),
    intervals: mine(data.intervals),
    defects: mine(data.defects),
    merges: mine(data.merges),
    costs: data.costs.filter((cost) => cost.attemptId !== null && attemptIds.has(cost.attemptId)),
    edits: data.edits.filter((edit) => attemptIds.has(edit.attemptId)),
    responses: data.responses.filter(
      (response) => response.attemptId !== null && attemptIds.has(response.attemptId),
    ),
  };
}

/**
 * Finds where the team made the article's common mistakes, from the ledger alone. Each finding
 * names the components, the people and the rows behind it, so it can be argued with.
 */
export async function auditLedger(options: AuditOptions): Promise<AuditReport> {
  const { ledger } = options;
  let data = await loadMetricsData(ledger, options.since ? { since: options.since } : {});
  if (options.runId) {
    const run = await runRow(ledger, options.runId);
    if (!run) {
      const { BatonError } = await import('../core/errors.js');
      throw new BatonError({
        code: 'LEDGER_COMPONENT_NOT_FOUND',
        message: `No run "${options.runId}" in the ledger at ${ledger.location}.`,
        hint: 'List runs with `baton runs`, or audit a period with --since.',
      });
    }
    data = onlyRun(data, run);
  }
  const findings: AuditFinding[] = [];
  const components = new Map(data.components.map((component) => [component.id, component]));
  const keyOf = (componentId: string) => components.get(componentId)?.key ?? componentId;
  const attempts = new Map(data.attempts.map((attempt) => [attempt.id, attempt]));
  const attemptsOf = (componentId: string) =>
    data.attempts.filter((attempt) => attempt.componentId === componentId);

  // Each component's standing decision: the latest accept, edit or reject.
  const standing = new Map<string, MetricsData['reviews'][number]>();
  for (const review of [...data.reviews].sort(
    (left, right) => left.createdAt.localeCompare(right.createdAt) || left.id.localeCompare(right.id),
  )) {
    if (review.decision !== 'annotate') standing.set(review.componentId, review);
  }
  const merged = new Map(data.merges.map((merge) => [merge.componentId, merge]));

  // Trusting AI completely.
  for (const [componentId, decision] of standing) {
    if (decision.decision === 'reject') continue;
    const component = components.get(componentId);
    if (!component) continue;
    const key = component.key;
    const overrides = data.reviews.filter(
      (review) => review.componentId === componentId && isReviewRuleOverride(review),
    );
    if (isPolicyReview(decision)) {
      const mandatory = component.triage === 'orchestrate+verify';
      findings.push({
        mistake: 'trusting-ai-completely',
        rule: mandatory ? 'yes-on-mandatory-review' : 'accepted-without-review',
        severity: mandatory ? 'error' : 'warning',
        message: mandatory
          ? `${key} needed a person's review (triage: orchestrate+verify) and was accepted by policy (--yes --include-mandatory) without one${merged.has(componentId) ? ', then merged' : ''}.`
          : `${key} was accepted by policy without review${merged.has(componentId) ? ', then merged' : ''}: nobody read the code.`,
        components: [key],
        people: [],
        rows: [`reviews:${decision.id}`, ...overrides.map((review) => `reviews:${review.id}`)],
        at: decision.createdAt,
      });
      continue;
    }
    const attempt = decision.attemptId ? attempts.get(decision.attemptId) : undefined;
    const files = new Set(
      data.edits
        .filter((edit) => decision.attemptId !== null && edit.attemptId === decision.attemptId)
        .map((edit) => edit.path),
    ).size;
    const reviewing = data.intervals.filter(
      (interval) =>
        interval.componentId === componentId &&
        interval.activity === 'reviewing' &&
        isHumanInterval(interval),
    );
    const minutes = reviewing.reduce(
      (sum, interval) => sum + minutesBetween(interval.startedAt, interval.endedAt),
      0,
    );
    const changedFiles = Math.max(1, files);
    const expected = changedFiles * (options.reviewMinutesPerFile ?? 1);
    if (minutes < expected) {
      findings.push({
        mistake: 'trusting-ai-completely',
        rule: 'review-far-below-size',
        severity: 'warning',
        message: `${key} was accepted by ${decision.reviewer} after ${minutes === 0 ? 'no recorded review time' : `${Math.round(minutes * 10) / 10} min of review`}, below the ${Math.round(expected)} min its ${changedFiles} changed ${changedFiles === 1 ? 'file' : 'files'} call for.`,
        components: [key],
        people: [decision.reviewer],
        rows: [`reviews:${decision.id}`, ...reviewing.map((interval) => `activity_intervals:${interval.id}`)],
        at: decision.createdAt,
      });
    }
    const warnings = data.findings.filter(
      (finding) =>
        attempt !== undefined && finding.attemptId === attempt.id && finding.severity === 'warning',
    );
    if (warnings.length > 0) {
      findings.push({
        mistake: 'trusting-ai-completely',
        rule: 'accepted-with-open-warnings',
        severity: 'note',
        message: `${key} was accepted by ${decision.reviewer} with ${warnings.length} open ${warnings.length === 1 ? 'warning' : 'warnings'} (${[...new Set(warnings.map((finding) => finding.ruleId))].join(', ')}).`,
        components: [key],
        people: [decision.reviewer],
        rows: [`reviews:${decision.id}`, ...warnings.map((finding) => `findings:${finding.id}`)],
        at: decision.createdAt,
      });
    }
  }

  // Poor prompting.
  for (const component of data.components) {
    const own = attemptsOf(component.id);
    const count = new Set(own.map((attempt) => attempt.number)).size;
    if (component.status === 'escalated' && count > 1) {
      findings.push({
        mistake: 'poor-prompting',
        rule: 'repair-loop-escalated',
        severity: 'warning',
        message: `${component.key} went through ${count} attempts and was escalated${component.statusReason ? ` (${component.statusReason})` : ''}: the prompt did not give the model what it needed.`,
        components: [component.key],
        people: [],
        rows: [`components:${component.id}`, ...own.map((attempt) => `attempts:${attempt.id}`)],
        at: own.at(-1)?.startedAt ?? component.updatedAt,
      });
    } else if (count >= 3) {
      findings.push({
        mistake: 'poor-prompting',
        rule: 'high-attempt-count',
        severity: 'note',
        message: `${component.key} took ${count} attempts before it passed.`,
        components: [component.key],
        people: [],
        rows: own.map((attempt) => `attempts:${attempt.id}`),
        at: own.at(-1)?.startedAt ?? component.updatedAt,
      });
    }
  }
  if (options.lintScores) {
    const plans = await planPaths(ledger);
    const scoresByPlan = new Map<string, ReadonlyMap<string, number> | undefined>();
    for (const component of data.components) {
      const path = plans.get(component.planId);
      if (!path) continue;
      if (!scoresByPlan.has(path)) scoresByPlan.set(path, options.lintScores(path));
      const score = scoresByPlan.get(path)?.get(component.key);
      const own = attemptsOf(component.id);
      const count = new Set(own.map((attempt) => attempt.number)).size;
      if (score === undefined || score >= (options.lowLintScore ?? 70) || count < 2) continue;
      findings.push({
        mistake: 'poor-prompting',
        rule: 'low-lint-score-high-attempts',
        severity: 'warning',
        message: `${component.key}'s prompt scores ${score}/100 in \`baton prompt lint\` (${path} as it is now) and took ${count} attempts: the missing or vague elements cost revisions.`,
        components: [component.key],
        people: [],
        rows: [`components:${component.id}`, ...own.map((attempt) => `attempts:${attempt.id}`)],
        at: own.at(-1)?.startedAt ?? component.updatedAt,
      });
    }
  }
  const attemptIds = new Set(data.attempts.map((attempt) => attempt.id));
  for (const prompt of await promptsCutToBudget(ledger)) {
    if (options.runId && (!prompt.attemptId || !attemptIds.has(prompt.attemptId))) continue;
    if (options.since && prompt.createdAt < options.since) continue;
    const key = prompt.componentId ? keyOf(prompt.componentId) : '(no component)';
    findings.push({
      mistake: 'poor-prompting',
      rule: 'prompt-cut-to-budget',
      severity: 'note',
      message: `The prompt for ${key} was cut to fit the token budget: the model saw less context than the plan gave.`,
      components: prompt.componentId ? [key] : [],
      people: [],
      rows: [`prompts:${prompt.id}`],
      at: prompt.createdAt,
    });
  }

  // Skipping verification.
  for (const [componentId, merge] of merged) {
    const component = components.get(componentId);
    const decision = standing.get(componentId);
    const attempt = component?.evidenceAttemptId
      ? attempts.get(component.evidenceAttemptId)
      : decision?.attemptId
        ? attempts.get(decision.attemptId)
        : undefined;
    const evidence = evidenceOf(attempt);
    const key = keyOf(componentId);
    const problems: string[] = [];
    if (!evidence) problems.push('no checks run on it');
    else {
      if ((evidence.unavailableChecks ?? []).length > 0)
        problems.push(`skipped ${evidence.unavailableChecks?.join(', ')}`);
      const failing = (evidence.checks ?? [])
        .filter((check) => check.status !== 'passed')
        .map((check) => `${check.checkId} ${check.status}`);
      if (failing.length > 0) problems.push(`checks not passing: ${failing.join(', ')}`);
    }
    if (problems.length === 0) continue;
    findings.push({
      mistake: 'skipping-verification',
      rule: evidence ? 'merged-with-checks-skipped-or-failing' : 'merged-without-checks',
      severity: 'error',
      message: `${key} was merged into ${merge.baseBranch} with ${problems.join('; ')}.`,
      components: [key],
      people: decision && !isPolicyReview(decision) ? [decision.reviewer] : [],
      rows: [...(attempt ? [`attempts:${attempt.id}`] : []), ...(decision ? [`reviews:${decision.id}`] : [])],
      at: merge.createdAt,
    });
  }
  const disabled = verifyCheckIds.filter((check) => !options.configuredChecks.includes(check));
  if (disabled.length > 0) {
    findings.push({
      mistake: 'skipping-verification',
      rule: 'checks-disabled-in-config',
      severity: 'warning',
      message: `verify.checks in the config leaves out ${disabled.join(', ')}: that code is never checked for it.`,
      components: [],
      people: [],
      rows: [],
      at: options.now.toISOString(),
    });
  }

  // Orchestrating everything.
  for (const component of data.components.filter((each) => each.triage === 'write-directly')) {
    const own = attemptsOf(component.id);
    if (own.length === 0) continue;
    const ids = new Set(own.map((attempt) => attempt.id));
    const costs = data.costs.filter((cost) => cost.attemptId !== null && ids.has(cost.attemptId));
    const usd = costs.reduce((sum, cost) => sum + (cost.usd ?? 0), 0);
    const hours = data.intervals
      .filter(
        (interval) =>
          interval.componentId === component.id &&
          (interval.activity === 'prompting' ||
            interval.activity === 'debugging' ||
            interval.activity === 'reviewing'),
      )
      .reduce((sum, interval) => sum + minutesBetween(interval.startedAt, interval.endedAt) / 60, 0);
    findings.push({
      mistake: 'orchestrating-everything',
      rule: 'write-directly-sent-to-model',
      severity: 'warning',
      message: `${component.key} was triaged write-directly but sent to a model anyway: ${own.length} ${own.length === 1 ? 'attempt' : 'attempts'}, ${hours.toFixed(2)} h of prompting, debugging and review, $${usd.toFixed(4)}, against ${component.estimateHours === null ? 'no estimate' : `an estimate of ${component.estimateHours} h`} to write it by hand.`,
      components: [component.key],
      people: [],
      rows: [
        `components:${component.id}`,
        ...own.map((attempt) => `attempts:${attempt.id}`),
        ...costs.map((cost) => `costs:${cost.id}`),
      ],
      at: own[0]?.startedAt ?? component.updatedAt,
    });
  }

  // Not documenting prompts.
  for (const [componentId, merge] of merged) {
    const component = components.get(componentId);
    if (!component || options.isDocumented(component.feature, component.key)) continue;
    findings.push({
      mistake: 'not-documenting-prompts',
      rule: 'merged-prompts-not-exported',
      severity: 'warning',
      message: `${component.key} was merged but its prompts were never exported: run \`baton docs export\` so the knowledge stays next to the code.`,
      components: [component.key],
      people: [],
      rows: [`components:${component.id}`],
      at: merge.createdAt,
    });
  }

  findings.sort(
    (left, right) =>
      left.at.localeCompare(right.at) ||
      left.mistake.localeCompare(right.mistake) ||
      left.rule.localeCompare(right.rule),
  );
  const counts = Object.fromEntries(
    Object.keys(mistakes).map((id) => [id, findings.filter((finding) => finding.mistake === id).length]),
  ) as Record<MistakeId, number>;
  return {
    generatedAt: options.now.toISOString(),
    scope: {
      ...(options.runId ? { runId: options.runId } : {}),
      ...(options.since ? { since: options.since } : {}),
    },
    findings,
    counts,
  };
}
