import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { BatonError } from '../core/errors.js';
import type { PlanSettings, TriageSettings } from '../core/index.js';
import { readGitHistory } from './git-history.js';
import { parsePlanText } from './parse-plan.js';
import { normalizePlan, type Plan } from './plan.js';
import { compareIssues, type PlanIssue } from './plan-issue.js';
import { listRepositoryFiles, type RepositoryFiles } from './repository-files.js';
import { isOwnerBelowSuggestion, type TriageResult, triagePlan } from './triage.js';
import { componentFiles, validatePlan } from './validate-plan.js';

export interface CheckPlanOptions {
  /** The plan file, absolute or relative to `cwd`. */
  file: string;
  cwd: string;
  plan: PlanSettings;
  triage: TriageSettings;
}

/** Everything `baton plan check` knows about a plan; `plan` is missing when the file could not be read as one. */
export interface PlanCheck {
  plan: Plan | undefined;
  files: RepositoryFiles | undefined;
  issues: PlanIssue[];
  triage: TriageResult[];
  errorCount: number;
  warningCount: number;
}

/** Reads a plan file, or throws PLAN_NOT_FOUND naming the path. */
export function readPlanFile(file: string, cwd: string): { path: string; displayPath: string; text: string } {
  const path = resolve(cwd, file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new BatonError({
      code: 'PLAN_NOT_FOUND',
      message: `Plan file not found: ${path}`,
      hint: 'Give the path of a plan written in YAML (.yaml, .yml) or Markdown with YAML front matter (.md).',
      details: { file: path },
    });
  }
  const displayPath = relative(cwd, path) || path;
  const shown = displayPath.startsWith('..') ? path : displayPath;
  return { path, displayPath: shown, text: decodePlanText(readFileSync(path), shown) };
}

/** A plan is text: a binary file or one that is not UTF-8 is refused by name, never printed. */
function decodePlanText(bytes: Buffer, displayPath: string): string {
  const nul = bytes.subarray(0, 8000).indexOf(0);
  if (nul !== -1) {
    throw new BatonError({
      code: 'PLAN_INVALID',
      message: `${displayPath} is a binary file (a zero byte at offset ${nul}), not a plan.`,
      hint: 'Give the path of a plan written in YAML (.yaml, .yml) or Markdown with YAML front matter (.md).',
      details: { file: displayPath },
    });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // The replacement character marks the first byte that does not decode; its line is what to fix.
    const decoded = new TextDecoder('utf-8').decode(bytes);
    const line = decoded.slice(0, Math.max(0, decoded.indexOf('\uFFFD'))).split('\n').length;
    throw new BatonError({
      code: 'PLAN_INVALID',
      message: `${displayPath} is not UTF-8 text: line ${line} has the first byte that does not decode.`,
      hint: 'Save the plan as UTF-8 (most editors offer "Save with encoding"), or convert it, e.g. `iconv -f latin1 -t utf-8`.',
      details: { file: displayPath },
    });
  }
}

/** Parses, validates and triages a plan; problems come back as issues, never thrown. */
export async function checkPlan(options: CheckPlanOptions): Promise<PlanCheck> {
  const { path, displayPath, text } = readPlanFile(options.file, options.cwd);
  // git runs in a child process: list the usual root's files while the YAML is parsed on this thread.
  const usualRoot = dirname(path);
  const early = listRepositoryFiles(usualRoot);
  const parsed = parsePlanText(text, displayPath);
  if (!parsed.success) {
    await early;
    return summarize(undefined, undefined, parsed.issues, []);
  }
  const root = resolve(usualRoot, parsed.value.input.root ?? '.');
  const plan = normalizePlan(parsed.value.input, {
    file: displayPath,
    root,
    body: parsed.value.body,
    positionOf: parsed.value.positionOf,
  });
  const files = root === usualRoot ? await early : await listRepositoryFiles(root);
  // The history of the touched files is read while the plan is validated.
  const touched = new Set(plan.components.flatMap((component) => componentFiles(component, files)));
  const history = readGitHistory(
    root,
    [...touched].filter((file) => files.has(file)),
  );
  const issues = validatePlan({ plan, input: parsed.value.input, files, settings: options.plan });
  const triage = triagePlan(plan, files, await history, options.triage);
  for (const result of triage) {
    if (!isOwnerBelowSuggestion(result)) continue;
    const component = plan.components.find((candidate) => candidate.id === result.componentId);
    if (!component) continue;
    const path = ['components', component.index, 'ownerRole'];
    issues.push({
      code: 'PLAN_OWNER_BELOW_ROUTING',
      severity: 'warning',
      message: `"${component.id}" is owned by a ${result.declaredOwner} but triage suggests a ${result.suggestedOwner} (${result.verdict}: ${result.reasons.join(', ')})`,
      hint: `Give it to a ${result.suggestedOwner}, or pair the ${result.declaredOwner} with one for the review.`,
      file: plan.file,
      ...plan.positionOf(path),
      path,
      componentId: component.id,
    });
  }
  return summarize(plan, files, issues, triage);
}

function summarize(
  plan: Plan | undefined,
  files: RepositoryFiles | undefined,
  issues: PlanIssue[],
  triage: TriageResult[],
): PlanCheck {
  const sorted = [...issues].sort(compareIssues);
  const errorCount = sorted.filter((issue) => issue.severity === 'error').length;
  return { plan, files, issues: sorted, triage, errorCount, warningCount: sorted.length - errorCount };
}

/** Loads a plan for the commands that need a valid one, throwing PLAN_INVALID with every error listed. */
export async function loadValidPlan(
  options: CheckPlanOptions,
): Promise<{ plan: Plan; files: RepositoryFiles; check: PlanCheck }> {
  const check = await checkPlan(options);
  const errors = check.issues.filter((issue) => issue.severity === 'error');
  if (!check.plan || !check.files || errors.length > 0) {
    throw new BatonError({
      code: 'PLAN_INVALID',
      message: `The plan has ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}:\n${errors
        .map((issue) => `  ${issue.file}:${issue.line}:${issue.column}: ${issue.code}: ${issue.message}`)
        .join('\n')}`,
      hint: 'Run `baton plan check` on it for the hints, fix the errors and try again.',
      details: { issues: errors },
    });
  }
  return { plan: check.plan, files: check.files, check };
}
