import { join, relative } from 'node:path';
import { BatonError } from '../core/errors.js';
import type { PlanComponent } from '../plan/plan.js';
import { listRepositoryFiles } from '../plan/repository-files.js';
import { gatherComponentContext } from '../prompt/component-context.js';
import { renderPrompt } from '../prompt/render-prompt.js';
import { readRepositoryFacts } from '../prompt/repository-facts.js';
import type { ChatMessage } from '../providers/provider.js';
import type { AttemptWorkspace } from './attempt-workspace.js';
import { answerFormatInstructions, renderRepairPrompt, renderReviewedRepairPrompt } from './repair-prompt.js';
import { loadReviewerFeedback, renderReviewerFeedback } from './review/reviewer-feedback.js';
import type { RunContext } from './run-context.js';
import { type AttemptRow, attemptFindings, type StoredConversation, storedResponse } from './run-ledger.js';

// What an attempt sends: the first prompt, or the previous conversation with its answer and a repair message.

/** The first prompt, rendered against the attempt's folder so that dependencies' code is context. */
export async function firstConversation(
  context: RunContext,
  component: PlanComponent,
  workspace: AttemptWorkspace,
  feedback: string,
): Promise<StoredConversation> {
  // A worktree holds the repository with the dependencies' code; a plain folder holds nothing to read.
  const inWorktree = context.workspaces.kind === 'git';
  const planRoot = inWorktree
    ? join(workspace.path, relative(context.root, context.plan.root))
    : context.plan.root;
  const plan = { ...context.plan, root: planRoot };
  const files = inWorktree ? await listRepositoryFiles(planRoot) : await context.repositoryFiles();
  const facts = inWorktree ? readRepositoryFacts(planRoot) : context.repositoryFacts();
  const rendered = renderPrompt(
    plan,
    component,
    gatherComponentContext(plan, component, files, facts),
    context.prompt.tokenBudget,
  );
  const text = feedback ? `${rendered.text.trimEnd()}\n\n${feedback}` : rendered.text;
  return { system: answerFormatInstructions, messages: [{ role: 'user', content: text }] };
}

/** What the next attempt continues from. */
export type PreviousAttempt = Pick<
  AttemptRow,
  'id' | 'number' | 'commitSha' | 'parsedConversation' | 'parsedEvidence'
>;

/** The conversation the next attempt continues: the previous one, its answer, and the repair prompt. */
export async function conversationAfter(
  context: RunContext,
  component: PlanComponent,
  previous: PreviousAttempt,
  feedback: string,
): Promise<StoredConversation> {
  const conversation = previous.parsedConversation;
  const response = await storedResponse(context.ledger, previous.id);
  if (!conversation || !response) {
    throw new BatonError({
      code: 'INTERNAL',
      message: `Attempt ${previous.number} of "${component.id}" has no stored conversation or answer to continue.`,
    });
  }
  const findings = await attemptFindings(context.ledger, previous.id);
  // The threshold the attempt was judged against decides what blocked it, also on a resume.
  const failOn = previous.parsedEvidence?.failOn ?? context.verify.failOn;
  const messages: ChatMessage[] = [
    ...conversation.messages,
    { role: 'assistant', content: response.text },
    {
      role: 'user',
      content: feedback
        ? renderReviewedRepairPrompt(component, previous.number, findings, feedback, failOn)
        : renderRepairPrompt(component, previous.number, findings, failOn),
    },
  ];
  return { system: conversation.system, messages };
}

/**
 * What people said in review that the next attempt must answer, as a prompt section (empty when
 * nothing is open), and when the component was last rejected.
 */
export async function reviewOf(
  context: RunContext,
  componentRowId: string,
): Promise<{ feedback: string; rejectedAt: string | undefined }> {
  const entries = await loadReviewerFeedback(context.ledger, componentRowId, { includeNotes: true });
  const open = entries.filter((entry) => entry.open);
  const rejections = entries.filter((entry) => entry.decision === 'reject');
  return {
    feedback: open.some((entry) => entry.decision === 'reject') ? renderReviewerFeedback(open) : '',
    rejectedAt: rejections.at(-1)?.at,
  };
}
