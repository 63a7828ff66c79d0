import type { McpServer, ServerContext } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { BatonError, createEventBus } from '../../core/index.js';
import type { Finding, VerifyOptions, VerifyReport } from '../../verify/index.js';
import { gateOptions, recordGateReport } from '../project-gate.js';
import { type McpContext, resolvePath } from './mcp-context.js';
import { guarded, pageNote, pageOf, toolOutput } from './tool-result.js';

/** A finding as agents read it: snake_case, one line to jump to, the fix and the version checked. */
export const findingOutputSchema = z.object({
  rule: z.string(),
  check: z.string(),
  severity: z.enum(['error', 'warning', 'note']),
  file: z.string(),
  line: z.number(),
  column: z.number(),
  end_line: z.number(),
  message: z.string(),
  hint: z.string().optional(),
  suggestion: z.string().optional(),
  checked_against: z.string().optional(),
  cwe: z.string().optional(),
});
export type FindingOutput = z.infer<typeof findingOutputSchema>;

export function toFindingOutput(finding: Finding): FindingOutput {
  return {
    rule: finding.ruleId,
    check: finding.checkId,
    severity: finding.severity,
    file: finding.file,
    line: finding.range.startLine,
    column: finding.range.startColumn,
    end_line: finding.range.endLine,
    message: finding.message,
    ...(finding.hint ? { hint: finding.hint } : {}),
    ...(finding.suggestion ? { suggestion: finding.suggestion } : {}),
    ...(finding.checkedAgainst ? { checked_against: finding.checkedAgainst } : {}),
    ...(finding.cwe ? { cwe: finding.cwe } : {}),
  };
}

const failOnLevels = ['error', 'warning', 'note', 'none'] as const;

const pagingShape = {
  offset: z.int().min(0).default(0).describe('skip this many findings (for the next page)'),
  limit: z.int().min(1).max(500).default(50).describe('at most this many findings in the answer'),
};

const verifyInput = z.object({
  paths: z
    .array(z.string().min(1))
    .default([])
    .describe('files or folders to verify, relative to the project; the whole project when empty'),
  changed_since: z
    .string()
    .min(1)
    .optional()
    .describe('only files changed since this git revision, plus uncommitted and untracked ones (e.g. HEAD)'),
  checks: z
    .array(z.string())
    .optional()
    .describe(
      "checks to run: types, api, tests, sql, performance, security, edge-cases (default: the project's verify.checks)",
    ),
  fail_on: z
    .enum(failOnLevels)
    .optional()
    .describe("the severity that fails the gate (default: the project's verify.failOn)"),
  ...pagingShape,
});

const verifyComponentInput = z.object({
  plan: z.string().min(1).describe('the plan file, relative to the project'),
  component: z.string().min(1).describe("the component's id in the plan"),
  ...pagingShape,
});

const verifyOutput = z.object({
  passed: z.boolean().describe('no finding reaches fail_on'),
  summary: z.string(),
  fail_on: z.enum(failOnLevels),
  files_verified: z.number(),
  checks: z.array(z.object({ id: z.string(), findings: z.number(), duration_ms: z.number() })),
  notices: z.array(z.string()),
  total_findings: z.number(),
  offset: z.number(),
  next_offset: z.number().optional(),
  findings: z.array(findingOutputSchema),
  component: z.string().optional(),
});

function verifyOptionsOf(context: McpContext, overrides: Partial<VerifyOptions>): VerifyOptions {
  return gateOptions(context.config, overrides);
}

/**
 * Runs the gate for one tool call: progress after each check when the client asked for it, and a
 * cancelled call (or a client gone) stops the checks and the test processes they started.
 */
async function runGate(
  context: McpContext,
  options: VerifyOptions,
  request: ServerContext,
): Promise<VerifyReport> {
  const gate = await import('../../verify/index.js');
  const { stopRunningProcessGroups } = await import('../../workspace/index.js');
  const signal = request.mcpReq.signal;
  return context.exclusive(async () => {
    if (signal.aborted) throw cancelled();
    const total = (options.checks && options.checks.length > 0 ? options.checks : gate.builtInCheckIds)
      .length;
    const progressToken = request.mcpReq._meta?.progressToken;
    const events = createEventBus();
    let done = 0;
    events.subscribe({
      onCheckEnd: (event) => {
        done += 1;
        if (progressToken === undefined) return;
        void request.mcpReq
          .notify({
            method: 'notifications/progress',
            params: {
              progressToken,
              progress: done,
              total,
              message: `${event.checkId}: ${event.findings} finding${event.findings === 1 ? '' : 's'} in ${event.durationMs} ms`,
            },
          })
          .catch(() => undefined);
      },
    });
    const onAbort = () => stopRunningProcessGroups();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const running = gate.verify({ ...options, signal, events });
      const aborted = new Promise<never>((_, reject) => {
        if (signal.aborted) reject(cancelled());
        signal.addEventListener('abort', () => reject(cancelled()), { once: true });
      });
      // The checks that do not watch the signal finish in the background; the call ends now.
      running.catch(() => undefined);
      const report = await Promise.race([running, aborted]);
      const wantsTypes = options.checks?.some((id) => id === 'api' || id === 'types') ?? true;
      const note = wantsTypes ? gate.nodeTypesNote(context.config.root, context.config.tsconfig) : undefined;
      if (note) report.findings.push(note);
      context.lastReport = report;
      await recordGateReport(context.config, report);
      return report;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  });
}

function cancelled(): BatonError {
  return new BatonError({
    code: 'VERIFY_CANCELLED',
    message: 'The verification was cancelled: no findings were reported or recorded.',
    hint: 'Call verify again when you want the result.',
  });
}

async function reachesThreshold(severity: Finding['severity'], failOn: (typeof failOnLevels)[number]) {
  const { reachesThreshold: reaches } = await import('../../verify/finding.js');
  return reaches(severity, failOn);
}

/** The structured answer and its text: a summary line, then one line per finding with its hint. */
async function answer(
  report: VerifyReport,
  failOn: (typeof failOnLevels)[number],
  paging: { offset: number; limit: number },
  again: string,
  component?: string,
) {
  const { summarizeFindings } = await import('../../report/index.js');
  const blocking = await Promise.all(
    report.findings.map((finding) => reachesThreshold(finding.severity, failOn)),
  );
  const passed = !blocking.some(Boolean);
  const page = pageOf(report.findings, paging.offset, paging.limit);
  const findings = page.items.map(toFindingOutput);
  const summary = `${summarizeFindings(report.findings)} in ${report.filesVerified} file${report.filesVerified === 1 ? '' : 's'}`;
  const note = pageNote(page, 'findings', `call ${again} again with offset={offset} for the next ones.`);
  const lines = [
    `${passed ? 'PASSED' : 'FAILED'} (fail_on ${failOn}): ${summary}${component ? ` for component ${component}` : ''}`,
    ...findings.map(
      (finding) =>
        `${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.rule}: ${finding.message}${finding.hint ? `\n  fix: ${finding.hint}` : ''}`,
    ),
    ...report.notices.map((notice) => `notice: ${notice}`),
    ...(note ? [note] : []),
  ];
  const structured = {
    passed,
    summary,
    fail_on: failOn,
    files_verified: report.filesVerified,
    checks: report.checks.map((run) => ({ id: run.id, findings: run.findings, duration_ms: run.durationMs })),
    notices: report.notices,
    total_findings: page.total,
    offset: page.offset,
    ...(page.nextOffset === undefined ? {} : { next_offset: page.nextOffset }),
    findings,
    ...(component ? { component } : {}),
  };
  return toolOutput(structured, lines.join('\n'));
}

export function registerVerifyTool(server: McpServer, context: McpContext): void {
  server.registerTool(
    'verify',
    {
      title: 'Verify code',
      description:
        "Run Baton's verification gate (type check, API accuracy against the installed declarations, the project's tests, security, performance, SQL) on the project or on the files changed since a git revision. Call it before saying the work is done; every finding has its file, line, rule and fix.",
      inputSchema: verifyInput,
      outputSchema: verifyOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (input, request) =>
      guarded(async () => {
        const failOn = input.fail_on ?? context.config.verify.failOn;
        const options = verifyOptionsOf(context, {
          paths: input.paths.map((path) => resolvePath(context, path)),
          changedSince: input.changed_since,
          ...(input.checks && input.checks.length > 0 ? { checks: input.checks } : {}),
        });
        const report = await runGate(context, options, request);
        return answer(report, failOn, input, 'verify with the same arguments');
      }),
  );
}

export function registerVerifyComponentTool(server: McpServer, context: McpContext): void {
  server.registerTool(
    'verify_component',
    {
      title: "Verify a plan component's evidence",
      description:
        "Run the checks a plan component requires, with its acceptance tests and each of its edge cases traced to a passing test: the evidence Baton's engine asks for before a component is done.",
      inputSchema: verifyComponentInput,
      outputSchema: verifyOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (input, request) =>
      guarded(async () => {
        const { config } = context;
        const [{ loadValidPlan }, { findComponent }, { toVerifiedComponent }, { resolveBenchmarkBudget }] =
          await Promise.all([
            import('../../plan/index.js'),
            import('../../prompt/index.js'),
            import('../../verify/index.js'),
            import('../../core/index.js'),
          ]);
        const { plan } = await loadValidPlan({
          file: input.plan,
          cwd: context.cwd,
          plan: config.plan,
          triage: config.triage,
        });
        const component = findComponent(plan, input.component);
        const options = verifyOptionsOf(context, {
          component: toVerifiedComponent(plan, component, resolvePath(context, plan.file)),
          benchmarks: [
            ...config.verify.benchmarks,
            ...(component.benchmark ? [resolveBenchmarkBudget(component.id, component.benchmark)] : []),
          ],
        });
        const report = await runGate(context, options, request);
        return answer(
          report,
          config.verify.failOn,
          input,
          'verify_component with the same plan and component',
          component.id,
        );
      }),
  );
}
