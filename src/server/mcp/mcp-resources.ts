import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/server';
import { BatonError } from '../../core/index.js';
import { type McpContext, withLedger } from './mcp-context.js';
import { toFindingOutput } from './verify-tools.js';

function json(uri: URL, value: unknown) {
  return {
    contents: [{ uri: uri.href, mimeType: 'application/json', text: `${JSON.stringify(value, null, 2)}\n` }],
  };
}

function single(value: string | string[] | undefined): string {
  return decodeURIComponent(Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
}

/** The latest findings, a run and a plan, for clients that read resources rather than call tools. */
export function registerResources(server: McpServer, context: McpContext): void {
  server.registerResource(
    'latest_findings',
    'baton://findings/latest',
    {
      title: 'Latest findings',
      description:
        "The findings of the newest verification: this server's last verify call, else what `baton verify` last recorded in the ledger.",
      mimeType: 'application/json',
    },
    async (uri) => {
      if (context.lastReport) {
        return json(uri, {
          source: 'this server',
          findings: context.lastReport.findings.map(toFindingOutput),
        });
      }
      const recorded = await withLedger(context, { readOnly: true }, async (ledger) => {
        const { listFindings } = await import('../../ledger/index.js');
        return listFindings(ledger, { limit: 500 });
      }).catch(() => []);
      const newest = recorded[0]?.createdAt;
      return json(uri, {
        source: 'ledger',
        findings: recorded
          .filter((finding) => finding.createdAt === newest)
          .map((finding) => ({
            rule: finding.ruleId,
            check: finding.checkId,
            severity: finding.severity,
            file: finding.file,
            line: finding.line,
            message: finding.message,
            hint: finding.hint ?? undefined,
          })),
      });
    },
  );

  server.registerResource(
    'run',
    new ResourceTemplate('baton://runs/{run_id}', { list: undefined }),
    {
      title: 'Run',
      description: 'One run from the ledger (`latest` for the newest): its components, attempts and reviews.',
      mimeType: 'application/json',
    },
    async (uri, variables) =>
      withLedger(context, { readOnly: true }, async (ledger) => {
        const { listRuns, getRunDetail } = await import('../../ledger/index.js');
        const asked = single(variables.run_id);
        const runId = asked === 'latest' ? (await listRuns(ledger, { limit: 1 }))[0]?.id : asked;
        const detail = runId ? await getRunDetail(ledger, runId) : undefined;
        if (!detail) {
          throw new BatonError({
            code: 'RUN_NOT_FOUND',
            message: `No run "${asked}" in the ledger at ${ledger.location}.`,
            hint: 'Use baton://runs/latest, or a run id from the run_status tool.',
          });
        }
        return json(uri, detail);
      }),
  );

  server.registerResource(
    'plan',
    new ResourceTemplate('baton://plans/{file}', { list: undefined }),
    {
      title: 'Plan',
      description:
        'A plan file (its path relative to the project, URL-encoded): components, dependencies, acceptance criteria, edge cases, and its issues.',
      mimeType: 'application/json',
    },
    async (uri, variables) => {
      const { checkPlan } = await import('../../plan/index.js');
      const check = await checkPlan({
        file: single(variables.file),
        cwd: context.cwd,
        plan: context.config.plan,
        triage: context.config.triage,
      });
      return json(uri, {
        file: check.plan?.file,
        feature: check.plan?.feature,
        components: check.plan?.components,
        issues: check.issues,
        triage: check.triage,
      });
    },
  );
}
