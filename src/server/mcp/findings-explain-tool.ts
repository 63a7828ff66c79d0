import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { BatonError, closestMatch } from '../../core/index.js';
import { ruleDescriptions } from '../../verify/rules.js';
import { type McpContext, withLedger } from './mcp-context.js';
import { guarded, toolOutput } from './tool-result.js';

const explainInput = z.object({
  rule: z.string().min(1).describe('a rule id from a finding, such as api/missing-member'),
});

const explainOutput = z.object({
  rule: z.string(),
  check: z.string(),
  description: z.string(),
  default_severity: z.enum(['error', 'warning', 'note']),
  cwe: z.string().optional(),
  fix: z.string(),
  recent: z.array(
    z.object({
      file: z.string(),
      line: z.number().optional(),
      message: z.string(),
      hint: z.string().optional(),
    }),
  ),
});

/** What to do about a rule in general; each finding's own hint says what to do about that one. */
function generalFix(rule: string, described: string): string {
  const check = rule.split('/')[0];
  const byCheck: Record<string, string> = {
    types:
      "Change the code until the compiler accepts it with the project's tsconfig; do not silence it with `any`, `!` or `@ts-ignore`.",
    api: 'Use only what the installed version of the package declares: read its .d.ts in node_modules (the finding names the version), apply the finding\'s "did you mean", and declare every imported package in package.json.',
    tests:
      'Make the failing test pass by fixing the code under test; change the test only when it asserts the wrong behaviour, and say so.',
    'edge-cases':
      'Write a test for each edge case of the component that exercises it and passes; the finding names the edge case that has none.',
    security:
      "Remove the unsafe flow: validate or parameterise what comes from outside before it reaches the sink, as the finding's hint says; never disable the rule.",
    performance:
      'Move the repeated work out of the loop (batch the queries, index the lookups) or stay within the benchmark budget.',
    sql: 'Change the migration so the schema enforces what the code assumes (a UNIQUE constraint, a foreign key, NOT NULL), then re-run verify.',
  };
  return byCheck[check ?? ''] ?? `Address what the rule describes: ${described}`;
}

export function registerFindingsExplainTool(server: McpServer, context: McpContext): void {
  server.registerTool(
    'findings_explain',
    {
      title: 'Explain a rule',
      description:
        "What one of Baton's rules catches, why it matters, how to fix it, and its most recent findings in this project with their hints.",
      inputSchema: explainInput,
      outputSchema: explainOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (input) =>
      guarded(async () => {
        const rule = ruleDescriptions.find((candidate) => candidate.id === input.rule);
        if (!rule) {
          const intended = closestMatch(
            input.rule,
            ruleDescriptions.map((candidate) => candidate.id),
          );
          throw new BatonError({
            code: 'USAGE_INVALID',
            message: `No rule "${input.rule}".${intended ? ` Did you mean "${intended}"?` : ''}`,
            hint: 'Pass the `rule` of a finding, such as api/missing-member or security/command-injection.',
          });
        }
        const recent = await recentFindings(context, rule.id);
        const fix = generalFix(rule.id, rule.description);
        const lines = [
          `${rule.id} (${rule.defaultSeverity}${rule.cwe ? `, ${rule.cwe}` : ''}): ${rule.description}`,
          `fix: ${fix}`,
          ...recent.map(
            (finding) =>
              `recent: ${finding.file}${finding.line ? `:${finding.line}` : ''} ${finding.message}${finding.hint ? `\n  hint: ${finding.hint}` : ''}`,
          ),
        ];
        return toolOutput(
          {
            rule: rule.id,
            check: rule.id.split('/')[0] ?? rule.id,
            description: rule.description,
            default_severity: rule.defaultSeverity,
            ...(rule.cwe ? { cwe: rule.cwe } : {}),
            fix,
            recent,
          },
          lines.join('\n'),
        );
      }),
  );
}

/** The rule's newest findings: from the last verify of this server, else from the ledger. */
async function recentFindings(context: McpContext, ruleId: string) {
  const fromReport = (context.lastReport?.findings ?? [])
    .filter((finding) => finding.ruleId === ruleId)
    .slice(0, 3)
    .map((finding) => ({
      file: finding.file,
      line: finding.range.startLine,
      message: finding.message,
      ...(finding.hint ? { hint: finding.hint } : {}),
    }));
  if (fromReport.length > 0) return fromReport;
  try {
    return await withLedger(context, { readOnly: true }, async (ledger) => {
      const { listFindings } = await import('../../ledger/index.js');
      return (await listFindings(ledger, { limit: 200 }))
        .filter((finding) => finding.ruleId === ruleId)
        .slice(0, 3)
        .map((finding) => ({
          file: finding.file ?? '.',
          ...(finding.line ? { line: finding.line } : {}),
          message: finding.message,
          ...(finding.hint ? { hint: finding.hint } : {}),
        }));
    });
  } catch {
    // No ledger yet: the rule's description stands alone.
    return [];
  }
}
