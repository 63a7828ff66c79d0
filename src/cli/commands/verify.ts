import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BatonError, describeCause } from '../../core/errors.js';
import type { LedgerLocation, ResolvedConfig } from '../../core/index.js';
import { createEventBus, type EventBus, exitCodes } from '../../core/index.js';
import type { FailOn } from '../../verify/finding.js';
import type { VerifyOptions, VerifyReport } from '../../verify/index.js';
import { stopRunningProcessGroups } from '../../workspace/index.js';
import { type CliIo, defineCommand } from '../command.js';
import { mayRecordIn } from '../may-record.js';
import { declareOptions, type OptionValues } from '../option-declarations.js';
import { sandboxFlagOptions, sandboxFlagSettings } from '../sandbox-flags.js';
import { watchAndVerify } from '../verify-watch.js';
import { writeOutput } from '../write-output.js';

const formats = ['text', 'json', 'sarif', 'github', 'gitlab', 'agent'] as const;
type Format = (typeof formats)[number];

// The tool's version and documentation page, as SARIF reports them, from Baton's own package.json.
const packageInfo = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  homepage: string;
};

function usage(message: string, hint: string): BatonError {
  return new BatonError({ code: 'USAGE_INVALID', message, hint });
}

async function parseFailOn(value: string | undefined, fallback: FailOn): Promise<FailOn> {
  if (value === undefined) return fallback;
  const { verifyFailOnLevels } = await import('../../core/index.js');
  if (!(verifyFailOnLevels as readonly string[]).includes(value)) {
    throw usage(`Unknown --fail-on "${value}".`, `Use one of: ${verifyFailOnLevels.join(', ')}.`);
  }
  return value as FailOn;
}

// The gate's code (and the TypeScript compiler) loads only when the command runs.
const loadGate = async () => {
  const [verifyModule, reports, sarif] = await Promise.all([
    import('../../verify/index.js'),
    import('../../report/index.js'),
    import('../../report/index.js'),
  ]);
  return { ...verifyModule, ...reports, ...sarif };
};
type Gate = Awaited<ReturnType<typeof loadGate>>;

function render(gate: Gate, report: VerifyReport, format: Format, failOn: FailOn): string {
  if (format === 'json') return gate.formatFindingsJson(report);
  if (format === 'github') return gate.formatGithubAnnotations(report.findings);
  if (format === 'gitlab') return gate.formatGitlabCodeQuality(report.findings);
  if (format === 'agent') return gate.formatAgentFindings(report.findings, { failOn });
  if (format === 'sarif') {
    const log = gate.toSarif(report.findings, report.root, {
      name: 'baton',
      version: packageInfo.version,
      informationUri: packageInfo.homepage,
    });
    // The sandbox's missing protections and what could not run, also as tool execution notifications.
    const invocations = gate.sarifInvocations(report.findings);
    const runs = log.runs as Record<string, unknown>[];
    const withInvocations =
      invocations.length === 0 ? log : { ...log, runs: runs.map((run) => ({ ...run, invocations })) };
    return `${JSON.stringify(withInvocations, null, 2)}\n`;
  }
  return gate.formatFindingsText(report);
}

/** Keeps the gate's findings in the ledger; a ledger that cannot take them is a warning, not a failure. */
async function recordInLedger(gate: Gate, report: VerifyReport, ledgerLocation: LedgerLocation, io: CliIo) {
  try {
    const { openLedger } = await import('../../ledger/open-ledger.js');
    const ledger = await openLedger(ledgerLocation);
    try {
      await gate.recordVerifyReport(ledger, report);
    } finally {
      await ledger.close();
    }
  } catch (error) {
    io.stderr.write(`warning: findings not recorded in the ledger: ${describeCause(error)}\n`);
  }
}

const verifyOptionDeclarations = declareOptions({
  changed: {
    flags: '--changed <git-rev>',
    type: 'string',
    description: 'only files changed since this git revision (plus uncommitted and untracked)',
  },
  checks: {
    flags: '--checks <ids>',
    type: 'list',
    description:
      'comma-separated checks to run: types, api, tests, sql, performance, security, edge-cases (default: verify.checks)',
  },
  format: {
    flags: '--format <format>',
    type: 'string',
    description:
      'text, json, sarif, github (workflow annotations), gitlab (Code Quality JSON) or agent (compact, for a model)',
    default: 'text',
    choices: formats,
  },
  failOn: {
    flags: '--fail-on <severity>',
    type: 'string',
    description: 'exit 1 when a finding is at least: error, warning, note, none (default: verify.failOn)',
  },
  output: {
    flags: '-o, --output <file>',
    type: 'string',
    description: 'write the report to a file instead of standard output',
  },
  sarif: {
    flags: '--sarif <file>',
    type: 'string',
    description:
      'also write a SARIF report to this file (CI: annotations on stdout, SARIF for code scanning)',
  },
  testFiles: {
    flags: '--test-files <files>',
    type: 'list',
    description:
      "comma-separated test files to run instead of the whole suite (a component's acceptance tests)",
  },
  registryLookup: {
    flags: '--registry-lookup',
    type: 'boolean',
    description: 'ask the npm registry about unknown packages (cached; default: verify.registryLookup)',
  },
  databaseUrl: {
    flags: '--database-url <url>',
    type: 'string',
    description:
      'PostgreSQL server for the sql check (a throwaway database; default: verify.databaseUrl, else PGlite)',
  },
  plan: {
    flags: '--plan <file>',
    type: 'string',
    description: 'the plan the verified code belongs to (with --component): edge cases and benchmark budget',
  },
  component: {
    flags: '--component <id>',
    type: 'string',
    description: 'the plan component verified: each of its edge cases must be traced to a passing test',
  },
  ...sandboxFlagOptions,
  watch: {
    flags: '--watch',
    type: 'boolean',
    description: 'stay running and re-verify what each edit affects',
  },
});

export const verifyCommand = defineCommand({
  name: 'verify',
  activity: 'debugging',
  description:
    'the verification gate: type check, API accuracy and tests on any TypeScript or JavaScript repository',
  arguments: [
    { name: 'paths', description: 'files or folders to verify (default: the whole project)', variadic: true },
  ],
  options: verifyOptionDeclarations,
  async run({ args, options, io, loadConfig }) {
    const format = options.format;
    const config = await loadConfig();
    const failOn = await parseFailOn(options.failOn, config.verify.failOn);
    const sandbox = { ...config.verify, ...sandboxFlagSettings(options) };
    const rawPaths = args[0];
    const paths = Array.isArray(rawPaths) ? rawPaths : rawPaths ? [rawPaths] : [];
    const verifyOptions: VerifyOptions = {
      root: config.root,
      paths: paths.map((path) => resolve(io.cwd, path)),
      changedSince: options.changed,
      checks: options.checks ?? config.verify.checks,
      tsconfig: config.tsconfig,
      testCommand: config.testCommand,
      testFiles: options.testFiles?.map((file) => resolve(io.cwd, file)) ?? [],
      testTimeoutMs: config.verify.testTimeoutMs,
      testMemoryMb: config.verify.testMemoryMb,
      registryLookup: options.registryLookup ?? config.verify.registryLookup,
      databaseUrl: options.databaseUrl ?? config.verify.databaseUrl,
      benchmarks: config.verify.benchmarks,
      fuzz: sandbox.fuzz,
      fuzzRuns: config.verify.fuzzRuns,
      fuzzTimeoutMs: config.verify.fuzzTimeoutMs,
      allowUnsandboxed: sandbox.allowUnsandboxed,
      ...(await componentOptions(options, io.cwd, config)),
      security: config.verify.security,
      cacheDirectory: config.verify.cacheDir,
      nativeCompiler: config.verify.nativeCompiler,
    };
    const gate = await loadGate();
    const emit = async (report: VerifyReport) => {
      if (options.sarif && format !== 'sarif')
        writeOutput(io, render(gate, report, 'sarif', failOn), options.sarif);
      const where = writeOutput(io, render(gate, report, format, failOn), options.output);
      if (where === 'stdout') return;
      io.stderr.write(gate.formatFindingsText(report).split('\n').filter(Boolean).at(-1) ?? '');
      io.stderr.write(`\nReport written to ${options.output}\n`);
    };
    const exitCodeOf = (report: VerifyReport) =>
      report.findings.some((finding) => gate.reachesThreshold(finding.severity, failOn)) ? 1 : 0;

    if (!options.watch) {
      const interrupt = reportInterrupt(io, verifyOptions.checks);
      try {
        const report = await gate.verify({ ...verifyOptions, events: interrupt.events });
        const checksTypes =
          (verifyOptions.checks ?? []).length === 0 ||
          verifyOptions.checks?.some((id) => id === 'api' || id === 'types');
        const note = checksTypes ? gate.nodeTypesNote(config.root, config.tsconfig) : undefined;
        if (note) report.findings.push(note);
        await emit(report);
        if (mayRecordIn(config)) await recordInLedger(gate, report, config.ledger, io);
        return exitCodeOf(report);
      } finally {
        interrupt.dispose();
      }
    }
    const stop = new AbortController();
    const onSigint = () => stop.abort();
    process.once('SIGINT', onSigint);
    try {
      await watchAndVerify({
        session: gate.createVerifySession(verifyOptions),
        root: config.root,
        isVerifiableFile: gate.isVerifiableFile,
        emit,
        stderr: io.stderr,
        signal: stop.signal,
      });
    } finally {
      process.off('SIGINT', onSigint);
    }
    return exitCodes.interrupted;
  },
});

/** The plan component `--plan` and `--component` name: its edge cases, and its benchmark budget after the config's. */
async function componentOptions(
  options: OptionValues<typeof verifyOptionDeclarations>,
  cwd: string,
  config: ResolvedConfig,
): Promise<Pick<VerifyOptions, 'component' | 'benchmarks'>> {
  if (options.plan === undefined && options.component === undefined) return {};
  if (options.plan === undefined || options.component === undefined)
    throw usage(
      '--plan and --component go together.',
      'Name both, such as: baton verify --plan plan.yaml --component preferences-api',
    );
  const [{ loadValidPlan }, { findComponent }, { toVerifiedComponent }, { resolveBenchmarkBudget }] =
    await Promise.all([
      import('../../plan/index.js'),
      import('../../prompt/index.js'),
      import('../../verify/index.js'),
      import('../../core/index.js'),
    ]);
  const { plan } = await loadValidPlan({ file: options.plan, cwd, plan: config.plan, triage: config.triage });
  const component = findComponent(plan, options.component);
  return {
    component: toVerifiedComponent(plan, component, resolve(cwd, plan.file)),
    benchmarks: [
      ...config.verify.benchmarks,
      ...(component.benchmark ? [resolveBenchmarkBudget(component.id, component.benchmark)] : []),
    ],
  };
}

/** Ctrl-C during a one-off run: say which checks were cut short and that nothing was recorded. */
function reportInterrupt(
  io: CliIo,
  requested: readonly string[] | undefined,
): { events: EventBus; dispose(): void } {
  const finished: string[] = [];
  const events = createEventBus();
  events.subscribe({ onCheckEnd: (event) => void finished.push(event.checkId) });
  const onSigint = () => {
    const unfinished = (requested ?? []).filter((id) => !finished.includes(id));
    const where = unfinished.length > 0 ? ` while ${unfinished.join(', ')} had not finished` : '';
    io.stderr.write(
      `\nCancelled baton verify${where}: no report was written and nothing was recorded in the ledger.\n`,
    );
    stopRunningProcessGroups();
    process.exit(exitCodes.interrupted);
  };
  process.once('SIGINT', onSigint);
  return { events, dispose: () => process.off('SIGINT', onSigint) };
}
