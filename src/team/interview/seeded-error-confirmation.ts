import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BatonError } from '../../core/errors.js';
import { type Finding, verify } from '../../verify/index.js';
import { runSandboxed } from '../../workspace/index.js';
import { applyMutations, mutationOperators, type SeededError } from './mutation-operators.js';
import type { ReferenceDomain } from './reference-domains.js';

/** How one seeded error was shown to be there. */
export interface ConfirmedError extends SeededError {
  confirmedBy: 'test' | 'gate';
  /** The failing test's name, or the gate finding's rule and message. */
  evidence: string;
}

export interface ConfirmationOptions {
  allowUnsandboxed?: boolean;
  signal?: AbortSignal;
}

/** The checks that can find seeded errors without running anything, by the rule prefix they report. */
const gateChecks = ['types', 'security', 'sql'];

function checkOf(rule: string): string {
  return rule.split('/')[0] === 'api' ? 'types' : (rule.split('/')[0] ?? '');
}

function writeProject(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'baton-interview-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function gateFindings(
  files: Readonly<Record<string, string>>,
  checks: readonly string[],
  options: ConfirmationOptions,
): Promise<Finding[]> {
  const root = writeProject(files);
  try {
    const report = await verify({
      root,
      checks: [...checks],
      cacheDirectory: join(root, '.baton-cache'),
      registryLookup: false,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return report.findings;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Runs the project's tests in the sandbox and returns the names of the tests that failed. */
async function failingTests(
  files: Readonly<Record<string, string>>,
  options: ConfirmationOptions,
): Promise<string[]> {
  const root = writeProject(files);
  try {
    const result = await runSandboxed({
      cwd: root,
      command: process.execPath,
      args: ['--test', '--test-reporter=tap', 'test/'],
      timeoutMs: 60_000,
      memoryMb: 512,
      allowUnsandboxed: options.allowUnsandboxed ?? false,
    });
    if (result.timedOut) {
      throw new BatonError({
        code: 'INTERVIEW_CONFIRMATION_FAILED',
        message: 'The exercise’s tests did not finish within 60 s.',
        hint: 'This is a fault in Baton’s exercise generator; report it with the seed.',
      });
    }
    return [...result.stdout.matchAll(/^\s*not ok \d+ - (.+?)\s*$/gm)].map((match) => match[1] ?? '');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function refuse(message: string): never {
  throw new BatonError({
    code: 'INTERVIEW_CONFIRMATION_FAILED',
    message,
    hint: 'This is a fault in Baton’s exercise generator; report it with the seed and level.',
  });
}

/** References already shown clean in this process, by their content: kits of one domain share one. */
const cleanReferences = new Map<string, Promise<void>>();

function referenceIsClean(
  reference: Readonly<Record<string, string>>,
  options: ConfirmationOptions,
): Promise<void> {
  const id = createHash('sha256').update(JSON.stringify(reference)).digest('hex');
  let checked = cleanReferences.get(id);
  if (!checked) {
    checked = (async () => {
      const [findings, failures] = await Promise.all([
        gateFindings(reference, gateChecks, options),
        failingTests(reference, options),
      ]);
      if (findings.length > 0) {
        refuse(
          `The reference has gate findings: ${findings.map((finding) => `${finding.file}:${finding.range.startLine} ${finding.ruleId}`).join('; ')}`,
        );
      }
      if (failures.length > 0) refuse(`The reference fails its tests: ${failures.join('; ')}`);
    })();
    checked.catch(() => cleanReferences.delete(id));
    cleanReferences.set(id, checked);
  }
  return checked;
}

/**
 * Shows that the exercise is fair: the reference passes its tests and the gate, and each seeded
 * error is really there, because the gate reports it at its line or the test it breaks fails.
 */
export async function confirmSeededErrors(
  domain: ReferenceDomain,
  reference: Readonly<Record<string, string>>,
  errors: readonly SeededError[],
  variant: number,
  options: ConfirmationOptions = {},
): Promise<ConfirmedError[]> {
  await referenceIsClean(reference, options);

  const byGate = errors.filter((error) => mutationOperators[error.kind].confirmation(domain).by === 'gate');
  const gateMutated = applyMutations(
    reference,
    domain,
    byGate.map((error) => error.kind),
    variant,
  ).files;
  // Only the checks that can report the seeded errors run: the SQL check's database is the slowest part.
  const checks = new Set(
    byGate.flatMap((error) => {
      const confirmation = mutationOperators[error.kind].confirmation(domain);
      return confirmation.by === 'gate' ? confirmation.rules.map(checkOf) : [];
    }),
  );
  const findings = checks.size > 0 ? await gateFindings(gateMutated, [...checks], options) : [];
  const confirmed: ConfirmedError[] = [];
  for (const error of errors) {
    const confirmation = mutationOperators[error.kind].confirmation(domain);
    if (confirmation.by === 'gate') {
      const finding = findings.find(
        (candidate) =>
          candidate.file === error.file &&
          Math.abs(candidate.range.startLine - error.line) <= 2 &&
          confirmation.rules.some((rule) => candidate.ruleId.startsWith(rule)),
      );
      if (!finding)
        refuse(`The gate does not report the seeded ${error.kind} at ${error.file}:${error.line}.`);
      confirmed.push({ ...error, confirmedBy: 'gate', evidence: `${finding.ruleId}: ${finding.message}` });
      continue;
    }
    const alone = applyMutations(reference, domain, [error.kind], variant).files;
    const failures = await failingTests(alone, options);
    if (!failures.includes(confirmation.testName)) {
      refuse(
        `The seeded ${error.kind} does not fail "${confirmation.testName}" (failed: ${failures.join('; ') || 'none'}).`,
      );
    }
    confirmed.push({ ...error, confirmedBy: 'test', evidence: `test fails: ${confirmation.testName}` });
  }
  return confirmed;
}
