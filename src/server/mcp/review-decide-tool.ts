import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { BatonError, findGitRoot, systemClock } from '../../core/index.js';
import type { ReviewAction, ReviewPrompter } from '../../engine/review/index.js';
import { type McpContext, withLedger } from './mcp-context.js';
import { guarded, toolOutput } from './tool-result.js';

const reviewDecideInput = z
  .object({
    component: z.string().min(1).describe("the component's id in the plan"),
    decision: z.enum(['accept', 'reject']),
    reason: z
      .string()
      .optional()
      .describe('why, for a rejection (required): the next attempt is prompted with it'),
    run: z.string().min(1).optional().describe('the run (default: the newest run)'),
  })
  .refine((input) => input.decision !== 'reject' || Boolean(input.reason?.trim()), {
    message: 'a rejection needs a reason: the next attempt is prompted with it',
    path: ['reason'],
  });

const reviewDecideOutput = z.object({
  run: z.string(),
  component: z.string(),
  decision: z.enum(['accept', 'reject']),
  reviewer: z.string(),
});

/** A reviewer that takes the decision the tool was called with, and records why it could not. */
function scriptedReviewer(decision: 'accept' | 'reject', reason: string | undefined) {
  const refusals: string[] = [];
  const prompter: ReviewPrompter = {
    present: () => undefined,
    say: (message) => void refusals.push(message),
    chooseAction: async (view, actions: readonly ReviewAction[]) => {
      // Triage asked for a person's eyes on this one: an agent may reject it, never accept it.
      if (decision === 'accept' && view.item.mandatory) {
        refusals.push(
          'its review is mandatory (triage: orchestrate+verify), so a person accepts it with `baton review`',
        );
        return 'skip';
      }
      if (actions.includes(decision)) return decision;
      refusals.push(
        view.movedSinceDecision
          ? 'its branch moved since the checks ran; the checks must run again before it can be accepted'
          : `it is ${view.item.state} (${view.item.stateReason})`,
      );
      return 'skip';
    },
    askText: async () => reason,
    openEditor: async () => undefined,
    readPatch: async () => undefined,
  };
  return { prompter, refusals };
}

export function registerReviewDecideTool(server: McpServer, context: McpContext): void {
  server.registerTool(
    'review_decide',
    {
      title: 'Decide a review',
      description:
        "Accept a finished component of a run, or reject it with a reason (its next attempt is prompted with the reason). Recorded in the ledger as the project's reviewer; a component whose review triage made mandatory can only be rejected here. Offered only when the server was started with --allow-writes.",
      inputSchema: reviewDecideInput,
      outputSchema: reviewDecideOutput,
      annotations: {
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: false,
      },
    },
    (input) =>
      guarded(async () => {
        const { config } = context;
        const repository = findGitRoot(config.root);
        if (!repository) {
          throw new BatonError({
            code: 'NOT_A_GIT_REPOSITORY',
            message: `${config.root} is not inside a git repository, so there are no component branches to review.`,
            hint: 'Start `baton mcp` in the repository the run worked in.',
          });
        }
        const session = await import('../../engine/review/index.js');
        return withLedger(context, { readOnly: false }, async (ledger) => {
          const reviewRun = await session.findReviewRun(ledger, input.run);
          if (!reviewRun.components.some((component) => component.key === input.component)) {
            throw new BatonError({
              code: 'PLAN_COMPONENT_NOT_FOUND',
              message: `Run ${reviewRun.run.id} has no component "${input.component}".`,
              hint: `Its components: ${reviewRun.components.map((component) => component.key).join(', ')}.`,
            });
          }
          const { prompter, refusals } = scriptedReviewer(input.decision, input.reason?.trim());
          const result = await session.runReviewSession({
            ledger,
            repository,
            dataDir: config.dataDir,
            reviewRun,
            baseBranch: await session.resolveBaseBranch(repository, undefined),
            reviewer: config.person,
            clock: systemClock,
            recheck: session.createReviewRecheck(context.config, repository),
            policy: {},
            prompter,
            only: [input.component],
          });
          const decided = result.decisions.find((decision) => decision.key === input.component);
          if (!decided) {
            throw new BatonError({
              code: 'REVIEW_NOT_READY',
              message: `${input.component} cannot be ${input.decision === 'accept' ? 'accepted' : 'rejected'} now: ${refusals.join('; ') || 'it is not waiting for review'}.`,
              hint: 'See where it stands with run_status; only finished components whose checks passed can be accepted.',
            });
          }
          return toolOutput(
            {
              run: reviewRun.run.id,
              component: input.component,
              decision: input.decision,
              reviewer: config.person,
            },
            `${input.decision === 'accept' ? 'Accepted' : 'Rejected'} ${input.component} in run ${reviewRun.run.id} as ${config.person}${input.reason ? `: ${input.reason}` : ''}.`,
          );
        });
      }),
  );
}
