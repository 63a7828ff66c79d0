import { BatonError } from '../core/errors.js';
import { createId } from '../core/ids.js';
import type { PlanComponent } from '../plan/plan.js';
import { redactionMarker } from '../providers/redact.js';
import {
  conversationAfter,
  firstConversation,
  type PreviousAttempt,
  reviewOf,
} from './attempt-conversation.js';
import {
  type AttemptStepTarget,
  recordAttemptOutcome,
  recordAttemptStart,
  recordOutOfAttempts,
  recordProviderFailure,
} from './attempt-steps.js';
import { dependencyBases } from './dependency-bases.js';
import { judgeAnswer } from './judge-answer.js';
import { componentRow, type RunContext } from './run-context.js';
import { loadAttempts, storedResponse } from './run-ledger.js';
import { judgedAttemptStatuses } from './run-state.js';
import type { ComponentOutcome } from './schedule-components.js';
import { prepareForPerson } from './written-directly.js';

function isCancellation(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (BatonError.isInstance(error) && error.code === 'PROVIDER_CANCELLED');
}

/**
 * Runs one component to an outcome: attempt → provider → edits → gate → repair, bounded by
 * `maxAttempts`, each step in the ledger before the next. Resumes where the ledger says it stopped:
 * judged attempts are history, an unfinished one continues in place and reuses a stored answer
 * unless redaction changed it (then the provider is asked again: redacted code is never applied).
 */
export async function runComponent(context: RunContext, component: PlanComponent): Promise<ComponentOutcome> {
  if (context.verdicts.get(component.id) === 'write-directly') return prepareForPerson(context, component);
  const row = componentRow(context, component);
  const attempts = context.resumed ? await loadAttempts(context.ledger, context.runId, row.id) : [];
  const judged = attempts.filter((attempt) => judgedAttemptStatuses.includes(attempt.status));
  const unfinished = attempts.find((attempt) => !judgedAttemptStatuses.includes(attempt.status));
  let previous: PreviousAttempt | undefined = judged.at(-1);
  // Read before the next attempt is recorded: an entry is open only until an attempt starts after it.
  const review = context.resumed ? await reviewOf(context, row.id) : { feedback: '', rejectedAt: undefined };
  // A rejection starts a new round: attempts judged before it do not count against --max-attempts.
  const rejectedAt = review.rejectedAt;
  const earlier = rejectedAt ? judged.filter((attempt) => attempt.startedAt <= rejectedAt).length : 0;
  const lastNumber = earlier + context.maxAttempts;

  for (let number = judged.length + 1; number <= lastNumber; number++) {
    if (context.signal.aborted) throw context.signal.reason;
    const existing = unfinished?.number === number ? unfinished : undefined;
    const target: AttemptStepTarget = { component, row, attemptId: existing?.id ?? createId('att'), number };
    const workspace = await context.workspaces.open({
      runId: context.runId,
      componentId: component.id,
      attempt: number,
      bases: previous?.commitSha ? [previous.commitSha] : await dependencyBases(context, component),
    });
    const conversation =
      existing?.parsedConversation ??
      (previous
        ? await conversationAfter(context, component, previous, review.feedback)
        : await firstConversation(context, component, workspace, review.feedback));
    let response = existing ? await storedResponse(context.ledger, target.attemptId) : undefined;
    // The ledger keeps answers redacted; one that redaction changed is not the code the model wrote,
    // so a resume asks again instead of applying it.
    if (response?.text.includes(redactionMarker)) response = undefined;
    // The budget is checked before the attempt is recorded, so a stopped run leaves no half-started call.
    if (!response) await context.beforeProviderCall();
    await recordAttemptStart(context, target, {
      existing: existing !== undefined,
      reused: response !== undefined,
      workspace,
      conversation,
    });

    if (!response) {
      let answer: string;
      try {
        const result = await context.provider.generate({
          system: conversation.system,
          messages: conversation.messages,
          temperature: context.temperature ?? 0,
          signal: context.signal,
          context: { runId: context.runId, componentId: row.id, attemptId: target.attemptId },
        });
        answer = result.text;
      } catch (error) {
        const cancelled = isCancellation(error, context.signal);
        await recordProviderFailure(context, target, error, cancelled);
        if (cancelled) throw error;
        return 'failed';
      }
      // The provider's ledger recorder stored the (redacted) answer before generate resolved.
      const stored = await storedResponse(context.ledger, target.attemptId);
      if (!stored) {
        throw new BatonError({
          code: 'LEDGER_WRITE_FAILED',
          message: `The answer to attempt ${number} of "${component.id}" is not in the ledger.`,
          hint: 'The engine needs a provider wired with the ledger recorder (createProvidersFromConfig with the ledger).',
        });
      }
      await context.afterProviderCall(stored.id);
      // The edits come from the answer as received; the stored copy is only the record of it.
      response = { id: stored.id, text: answer };
    }

    const judgement = await judgeAnswer(
      context,
      component,
      { id: target.attemptId, number, resumed: existing !== undefined },
      workspace,
      response,
    );
    // Checks cut short by Ctrl-C prove nothing: the attempt stays unfinished and a resume judges it again.
    if (context.signal.aborted) throw context.signal.reason;
    const commitSha = judgement.commitSha;
    const last = number === lastNumber;
    await recordAttemptOutcome(context, target, { judgement, commitSha, last });
    await context.workspaces.release(workspace);
    if (judgement.outcome === 'passed') return 'done';
    if (last) return 'escalated';
    previous = {
      id: target.attemptId,
      number,
      commitSha,
      parsedConversation: conversation,
      parsedEvidence: judgement.evidence,
    };
  }
  await recordOutOfAttempts(context, component, row, previous?.id);
  return 'escalated';
}
