import { isAbsolute, join, relative } from 'node:path';
import type { BenchmarkBudget } from '../core/config/benchmark-settings.js';
import type { VerifySettings } from '../core/config/verify-settings.js';
import type { BatonEvent, EventBus } from '../core/events.js';
import type { Redactor } from '../providers/redact.js';
import { type FailOn, type Finding, reachesThreshold } from '../verify/finding.js';
import type { Check, VerifiedComponent } from '../verify/index.js';
import { verify } from '../verify/index.js';
import { findHardcodedSecrets } from './hardcoded-secrets.js';
import type { AttemptEvidence, CheckEvidence } from './run-state.js';

export interface GateOptions {
  /** The attempt's folder, which the checks read as the project root. */
  root: string;
  /** The repository root, to move config paths (tsconfig, tests) into the attempt's folder. */
  repositoryRoot: string;
  checkIds: readonly string[];
  unavailable: readonly string[];
  /** The checks to choose from. */
  available: readonly Check[];
  verify: Pick<
    VerifySettings,
    | 'failOn'
    | 'cacheDir'
    | 'registryLookup'
    | 'testTimeoutMs'
    | 'testMemoryMb'
    | 'databaseUrl'
    | 'nativeCompiler'
    | 'security'
    | 'fuzz'
    | 'fuzzRuns'
    | 'fuzzTimeoutMs'
    | 'allowUnsandboxed'
    | 'benchmarks'
  >;
  /** The plan component, with paths in the repository: its edge cases are traced to tests. */
  component?: VerifiedComponent | undefined;
  /** The component's own benchmark budget, timed after the config's. */
  benchmark?: BenchmarkBudget | undefined;
  tsconfig: string | undefined;
  testCommand: string | undefined;
  /** Acceptance and edge-case test files, relative to the repository root. */
  testFiles: readonly string[];
  signal: AbortSignal;
  /**
   * The files the component's edits wrote, relative to the root, with their content: file-scoped
   * checks that joined for them (security, performance) report on these files only, and the content
   * is searched for secrets. Absent (a person's work), those checks see the whole project.
   */
  touchedFiles?: readonly { path: string; content: string }[] | undefined;
  /** Known secrets and credential shapes; one written into a touched file is a blocking finding. */
  secrets?: Pick<Redactor, 'find'> | undefined;
  /** Told of each check as it ends, for progress. */
  onCheckEnd?: (event: Omit<Extract<BatonEvent, { type: 'check-end' }>, 'type' | 'at'>) => void;
}

export interface GateResult {
  findings: Finding[];
  evidence: Omit<AttemptEvidence, 'commitSha'>;
}

function moveInto(root: string, repositoryRoot: string, path: string): string {
  return isAbsolute(path) ? join(root, relative(repositoryRoot, path)) : join(root, path);
}

/** File checks that judge only what the component wrote, not the code it was built on. */
const touchedFileChecks = new Set(['security', 'performance']);

/** The check, looking only at the touched files when it is one of `touchedFileChecks`. */
function scopedTo(check: Check, touched: ReadonlySet<string> | undefined): Check {
  if (!touched || check.scope !== 'file' || !touchedFileChecks.has(check.id)) return check;
  return { ...check, appliesTo: (fileName) => touched.has(fileName) && check.appliesTo(fileName) };
}

/**
 * Runs the component's checks on the attempt's folder and judges each against `verify.failOn`. A
 * secret written into a touched file is a `security/hardcoded-secret` finding of the security
 * check when it ran, or of a `secrets` entry of its own when it did not.
 */
export async function runGate(options: GateOptions): Promise<GateResult> {
  const failOn = options.verify.failOn as FailOn;
  const progress: EventBus = {
    subscribe: () => () => {},
    async emit(event) {
      if (event.type === 'check-end')
        options.onCheckEnd?.({
          checkId: event.checkId,
          findings: event.findings,
          durationMs: event.durationMs,
        });
    },
  };
  const touched =
    options.touchedFiles && new Set(options.touchedFiles.map((file) => join(options.root, file.path)));
  const verified =
    options.checkIds.length === 0
      ? { findings: [], checks: [] }
      : await verify({
          root: options.root,
          checks: options.checkIds,
          customChecks: options.available.map((check) => scopedTo(check, touched)),
          tsconfig: options.tsconfig
            ? moveInto(options.root, options.repositoryRoot, options.tsconfig)
            : undefined,
          testCommand: options.testCommand,
          testFiles: options.testFiles.map((file) => moveInto(options.root, options.repositoryRoot, file)),
          testTimeoutMs: options.verify.testTimeoutMs,
          testMemoryMb: options.verify.testMemoryMb,
          registryLookup: options.verify.registryLookup,
          databaseUrl: options.verify.databaseUrl,
          security: options.verify.security,
          fuzz: options.verify.fuzz,
          fuzzRuns: options.verify.fuzzRuns,
          fuzzTimeoutMs: options.verify.fuzzTimeoutMs,
          allowUnsandboxed: options.verify.allowUnsandboxed,
          benchmarks: [...options.verify.benchmarks, ...(options.benchmark ? [options.benchmark] : [])],
          // The plan's paths point into the repository; the checks read the attempt's folder.
          component: options.component && {
            ...options.component,
            planFile: moveInto(options.root, options.repositoryRoot, options.component.planFile),
            planRoot: moveInto(options.root, options.repositoryRoot, options.component.planRoot),
          },
          cacheDirectory: options.verify.cacheDir,
          nativeCompiler: options.verify.nativeCompiler,
          signal: options.signal,
          events: progress,
        });
  const reported = new Set(
    verified.findings.map((finding) => `${finding.file}:${finding.range.startLine}:${finding.ruleId}`),
  );
  // A secret the security check already reported on that line is not reported twice.
  const secretFindings = (
    options.secrets && options.touchedFiles ? findHardcodedSecrets(options.touchedFiles, options.secrets) : []
  ).filter((finding) => !reported.has(`${finding.file}:${finding.range.startLine}:${finding.ruleId}`));
  const securityRan = verified.checks.some((run) => run.id === 'security');
  const secretsCheckId = securityRan ? 'security' : 'secrets';
  const report = {
    checks:
      secretFindings.length > 0 && !securityRan
        ? [...verified.checks, { id: 'secrets', durationMs: 0, findings: secretFindings.length }]
        : verified.checks.map((run) =>
            run.id === 'security' ? { ...run, findings: run.findings + secretFindings.length } : run,
          ),
    findings: [
      ...verified.findings,
      ...secretFindings.map((finding) => ({ ...finding, checkId: secretsCheckId })),
    ],
  };
  const checkIds = report.checks.some((run) => run.id === 'secrets')
    ? [...options.checkIds, 'secrets']
    : [...options.checkIds];
  const blocking = report.findings.filter((finding) => reachesThreshold(finding.severity, failOn));
  const checks: CheckEvidence[] = report.checks.map((run) => {
    const own = blocking.filter((finding) => finding.checkId === run.id).length;
    const evidence: CheckEvidence = {
      checkId: run.id,
      status: run.error ? 'error' : own > 0 ? 'failed' : 'passed',
      findings: run.findings,
      blocking: own,
      durationMs: run.durationMs,
    };
    if (run.error) evidence.error = run.error;
    return evidence;
  });
  const passed =
    checks.length === checkIds.length &&
    checks.every((check) => check.status === 'passed') &&
    blocking.length === 0;
  return {
    findings: report.findings,
    evidence: {
      requiredChecks: checkIds,
      unavailableChecks: [...options.unavailable],
      checks,
      blockingFindings: blocking.length,
      failOn,
      passed,
    },
  };
}
