import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { Activity } from '../../core/index.js';
import { BatonError, parseDuration, systemClock } from '../../core/index.js';
import { type McpContext, withLedger } from './mcp-context.js';
import { guarded, pageNote, pageOf, toolOutput } from './tool-result.js';

const runStatusInput = z.object({
  run: z.string().min(1).optional().describe('a run id (default: the newest run)'),
  offset: z.int().min(0).default(0).describe('skip this many components (for the next page)'),
  limit: z.int().min(1).max(200).default(30).describe('at most this many components in the answer'),
});

const runOutput = z.object({
  id: z.string(),
  feature: z.string(),
  status: z.string(),
  started_at: z.string(),
  ended_at: z.string().optional(),
  components: z.number(),
  done: z.number(),
  attempts: z.number(),
  findings: z.number(),
  cost_usd: z.number(),
});

const runStatusOutput = z.object({
  run: runOutput.optional(),
  recent_runs: z.array(runOutput),
  total_components: z.number(),
  offset: z.number(),
  next_offset: z.number().optional(),
  components: z.array(
    z.object({
      component: z.string(),
      status: z.string(),
      status_reason: z.string().optional(),
      attempts: z.array(
        z.object({ number: z.number(), status: z.string(), findings: z.number(), started_at: z.string() }),
      ),
      last_review: z
        .object({ decision: z.string(), reviewer: z.string(), reason: z.string().optional() })
        .optional(),
    }),
  ),
});

export function registerRunStatusTool(server: McpServer, context: McpContext): void {
  server.registerTool(
    'run_status',
    {
      title: 'Run status',
      description:
        "Where a Baton run stands, from the ledger: the run, each component's status, its attempts with their finding counts, and the last review decision.",
      inputSchema: runStatusInput,
      outputSchema: runStatusOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (input) =>
      guarded(() =>
        withLedger(context, { readOnly: true }, async (ledger) => {
          const { listRuns, getRunDetail } = await import('../../ledger/index.js');
          const recent = await listRuns(ledger, { limit: 5 });
          const runId = input.run ?? recent[0]?.id;
          const detail = runId ? await getRunDetail(ledger, runId) : undefined;
          if (input.run && !detail) {
            throw new BatonError({
              code: 'RUN_NOT_FOUND',
              message: `No run "${input.run}" in the ledger at ${ledger.location}.`,
              hint: `Recent runs: ${recent.map((run) => run.id).join(', ') || 'none yet'}.`,
            });
          }
          const toRun = (run: (typeof recent)[number]) => ({
            id: run.id,
            feature: run.feature,
            status: run.status,
            started_at: run.startedAt,
            ...(run.endedAt ? { ended_at: run.endedAt } : {}),
            components: run.components,
            done: run.done,
            attempts: run.attempts,
            findings: run.findings,
            cost_usd: run.costUsd,
          });
          const components = (detail?.components ?? []).map((component) => ({
            component: component.key,
            status: component.status,
            ...(component.statusReason ? { status_reason: component.statusReason } : {}),
            attempts: component.attempts.map((attempt) => ({
              number: attempt.number,
              status: attempt.status,
              findings: attempt.findings,
              started_at: attempt.startedAt,
            })),
            ...(component.lastReview
              ? {
                  last_review: {
                    decision: component.lastReview.decision,
                    reviewer: component.lastReview.reviewer,
                    ...(component.lastReview.reason ? { reason: component.lastReview.reason } : {}),
                  },
                }
              : {}),
          }));
          const page = pageOf(components, input.offset, input.limit);
          const note = pageNote(page, 'components', 'call run_status again with offset={offset}.');
          const lines = detail
            ? [
                `run ${detail.run.id} (${detail.run.feature}): ${detail.run.status}, ${detail.run.done}/${detail.run.components} components done, ${detail.run.attempts} attempts, ${detail.run.findings} findings`,
                ...page.items.map(
                  (component) =>
                    `  ${component.component}: ${component.status}${component.status_reason ? ` (${component.status_reason})` : ''}, ${component.attempts.length} attempt(s)${component.last_review ? `, ${component.last_review.decision} by ${component.last_review.reviewer}` : ''}`,
                ),
                ...(note ? [note] : []),
              ]
            : ['No runs in the ledger yet: `baton run <plan>` starts one.'];
          return toolOutput(
            {
              ...(detail ? { run: toRun(detail.run) } : {}),
              recent_runs: recent.map(toRun),
              total_components: page.total,
              offset: page.offset,
              ...(page.nextOffset === undefined ? {} : { next_offset: page.nextOffset }),
              components: page.items,
            },
            lines.join('\n'),
          );
        }),
      ),
  );
}

// Every activity Baton's time allocation counts; `satisfies` keeps the list within the type.
const activities = [
  'planning',
  'prompting',
  'writing',
  'reviewing',
  'debugging',
  'communication',
] as const satisfies readonly Activity[];

const logActivityInput = z.object({
  activity: z.enum(activities).describe('what the time went to'),
  duration: z.string().min(1).describe('how long, such as 45m or 1h30m'),
  component: z.string().min(1).optional().describe('the plan component it was for'),
  person: z.string().min(1).optional().describe("who did it (default: the project's `person`)"),
});

const logActivityOutput = z.object({
  id: z.string(),
  person: z.string(),
  activity: z.string(),
  hours: z.number(),
  component: z.string().optional(),
});

export function registerLogActivityTool(server: McpServer, context: McpContext): void {
  server.registerTool(
    'log_activity',
    {
      title: 'Log time',
      description:
        "Record time spent on an activity (planning, prompting, reviewing, debugging…) in the ledger, so Baton's time allocation shows where the work went. Adds a row; changes nothing recorded before.",
      inputSchema: logActivityInput,
      outputSchema: logActivityOutput,
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: false,
      },
    },
    (input) =>
      guarded(async () => {
        const durationMs = parseDuration(input.duration);
        const person = input.person ?? context.config.person;
        return withLedger(context, { readOnly: false }, async (ledger) => {
          const { findComponentByKey, recordActivityInterval } = await import('../../ledger/index.js');
          const component = input.component ? await findComponentByKey(ledger, input.component) : undefined;
          const now = systemClock.now();
          const id = await recordActivityInterval(ledger, {
            person,
            activity: input.activity,
            componentId: component?.id ?? null,
            startedAt: new Date(now.getTime() - durationMs).toISOString(),
            endedAt: now.toISOString(),
            source: 'logged',
          });
          const hours = Math.round((durationMs / 3_600_000) * 100) / 100;
          return toolOutput(
            {
              id,
              person,
              activity: input.activity,
              hours,
              ...(component ? { component: component.key } : {}),
            },
            `Logged ${hours} h of ${input.activity} for ${person}${component ? ` on ${component.key}` : ''}.`,
          );
        });
      }),
  );
}
