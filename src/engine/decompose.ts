import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { PlanSettings, TriageSettings } from '../core/config/planning-settings.js';
import { BatonError, describeCause } from '../core/errors.js';
import { checkPlan } from '../plan/check-plan.js';
import { formatIssue } from '../plan/plan-issue.js';
import { type PlanFile, planFileSchema } from '../plan/plan-schema.js';
import { listRepositoryFiles } from '../plan/repository-files.js';
import type { ChatMessage, Provider } from '../providers/provider.js';
import { generateObject } from '../providers/structured-output.js';

// Decomposing needs a provider, which sits above plan/ in the layers; so it lives in the engine.

export interface DecomposeOptions {
  /** The feature brief, as Markdown. */
  brief: string;
  /** Where the validated plan is written; nothing is written there unless it validates. */
  outFile: string;
  provider: Provider;
  settings: { plan: PlanSettings; triage: TriageSettings };
  /** Answers to try before giving up. @default 3 */
  maxAttempts?: number;
  /** Where a rejected last draft is kept for a person to read. */
  draftsDirectory: string;
  signal?: AbortSignal;
  /** Told after each attempt, for progress output. */
  onAttempt?: (attempt: number, problems: readonly string[]) => void;
}

export interface DecomposeResult {
  file: string;
  attempts: number;
  components: number;
}

const instructions = `Decompose the feature brief below into a Baton plan: components small enough to prompt one at a time.

Rules:
- One component per concern: a schema change, an endpoint, a UI piece, an integration, the tests that prove the feature. Give each an id in kebab-case and a kind (schema, api, ui, integration, test, other).
- dependsOn names the ids a component needs first; no cycles.
- files lists the paths or globs the component may touch, relative to the repository root; new files go in folders that exist.
- Every component has acceptance criteria a test can check (name the test where you can), and the edge cases it must handle.
- Fill the five prompt elements: context, constraints, examples (files to follow), edge cases, quality bar.
- estimateHours is how long writing it by hand would take a mid-level engineer.
Answer with the plan as JSON, following the schema.`;

function repositorySummary(files: readonly string[]): string {
  const shown = files.slice(0, 300);
  const more = files.length > shown.length ? `\n… and ${files.length - shown.length} more` : '';
  return `Files in the repository:\n${shown.join('\n')}${more}`;
}

/** Writes the draft next to the output so that `files` resolve against the same root, and validates it there. */
async function validateDraft(
  draft: PlanFile,
  options: DecomposeOptions,
): Promise<{ yaml: string; problems: string[]; draftPath: string }> {
  const yaml = stringify(draft, { lineWidth: 0 });
  const draftPath = join(dirname(options.outFile), `.${basename(options.outFile)}.draft-${process.pid}.yaml`);
  writeFileSync(draftPath, yaml);
  const check = await checkPlan({ file: draftPath, cwd: dirname(draftPath), ...options.settings });
  const problems = check.issues
    .filter((issue) => issue.severity === 'error')
    .map((issue) => formatIssue({ ...issue, file: basename(options.outFile) }));
  return { yaml, problems, draftPath };
}

/**
 * Turns a feature brief into a plan through the model's structured output, validated exactly as a
 * hand-written plan is. An invalid answer goes back to the model with its problems, a bounded
 * number of times; the plan file is written only once it validates.
 */
export async function decomposeFeature(options: DecomposeOptions): Promise<DecomposeResult> {
  const maxAttempts = options.maxAttempts ?? 3;
  const root = dirname(options.outFile);
  const files = await listRepositoryFiles(root);
  const messages: ChatMessage[] = [
    {
      role: 'user',
      content: `${instructions}\n\n${repositorySummary(files.files)}\n\n# Feature brief\n\n${options.brief.trim()}`,
    },
  ];
  let lastProblems: string[] = [];
  let lastDraft: string | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const answer = await generateObject(
      options.provider,
      { messages, schemaName: 'baton_plan', signal: options.signal, temperature: 0 },
      planFileSchema,
    );
    let problems: string[];
    if (!answer.success) {
      problems = answer.issues.map((issue) => `${issue.path}: ${issue.message}`);
    } else {
      const { yaml, problems: found, draftPath } = await validateDraft(answer.value, options);
      lastDraft = yaml;
      if (found.length === 0) {
        renameSync(draftPath, options.outFile);
        options.onAttempt?.(attempt, []);
        return { file: options.outFile, attempts: attempt, components: answer.value.components.length };
      }
      rmSync(draftPath, { force: true });
      problems = found;
    }
    lastProblems = problems;
    options.onAttempt?.(attempt, problems);
    messages.push(
      { role: 'assistant', content: answer.result.text },
      {
        role: 'user',
        content: `That plan does not validate:\n${problems.map((problem) => `- ${problem}`).join('\n')}\n\nAnswer with the whole corrected plan as JSON.`,
      },
    );
  }

  let kept = '';
  if (lastDraft !== undefined) {
    try {
      mkdirSync(options.draftsDirectory, { recursive: true });
      const draftFile = join(options.draftsDirectory, `${basename(options.outFile)}.rejected.yaml`);
      writeFileSync(draftFile, lastDraft);
      kept = ` The last draft is kept in ${draftFile}.`;
    } catch (cause) {
      kept = ` (The last draft could not be kept: ${describeCause(cause)}.)`;
    }
  }
  throw new BatonError({
    code: 'DECOMPOSE_FAILED',
    message: `The model's plan still did not validate after ${maxAttempts} attempts; ${options.outFile} was not written.${kept}\nLast problems:\n${lastProblems.map((problem) => `  ${problem}`).join('\n')}`,
    hint: 'Make the brief more specific (components, files, tests), allow more attempts with --attempts, or fix the kept draft by hand and run `baton plan check` on it.',
    details: { problems: lastProblems },
  });
}

/** Reads a brief file, with a clear error when it is missing. */
export function readBrief(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new BatonError({
      code: 'USAGE_INVALID',
      message: `Cannot read the brief ${path}: ${describeCause(cause)}`,
      hint: 'Give the path of a Markdown file that describes the feature.',
    });
  }
}
