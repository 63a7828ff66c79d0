import type { Clock } from '../../core/clock.js';
import type { LedgerStore } from '../../ledger/ledger-store.js';
import { policyReviewer, type ReviewDecision } from '../../ledger/schema.js';
import { editComponent, type Recheck, type ReviewChange } from './edit-component.js';
import { recordReviewDecision } from './record-review.js';
import { loadReviewItems, type ReviewItem } from './review-items.js';
import { decideByPolicy, hasPolicy, type ReviewPolicy } from './review-policy.js';
import type { ReviewRun } from './review-run.js';
import { prepareReviewView, type ReviewView } from './review-view.js';

export type ReviewAction = 'accept' | 'reject' | 'edit' | 'patch' | 'recheck' | 'annotate' | 'skip' | 'quit';

/** The person's side of a review: the terminal in the CLI, a script in tests. */
export interface ReviewPrompter {
  /** Shows a component: its checks, and its diff with the findings inline. */
  present(view: ReviewView): void;
  say(message: string): void;
  chooseAction(view: ReviewView, actions: readonly ReviewAction[]): Promise<ReviewAction>;
  /** Undefined when the person cancels. */
  askText(message: string, options: { required: boolean }): Promise<string | undefined>;
  /** Opens the person's editor on the worktree and returns when they close it. */
  openEditor(worktree: string): Promise<void>;
  /** A unified diff to apply to the branch, or undefined when cancelled. */
  readPatch(): Promise<string | undefined>;
}

export interface ReviewSessionOptions {
  ledger: LedgerStore;
  repository: string;
  dataDir: string;
  reviewRun: ReviewRun;
  baseBranch: string;
  reviewer: string;
  clock: Clock;
  recheck: Recheck;
  /** Decides without asking when it holds a policy; otherwise `prompter` asks. */
  policy: ReviewPolicy;
  prompter?: ReviewPrompter | undefined;
  /** Only these component keys; all when absent. */
  only?: readonly string[] | undefined;
}

export interface SessionDecision {
  key: string;
  decision: ReviewDecision;
  reason: string | undefined;
}

export interface ReviewSessionResult {
  decisions: SessionDecision[];
  skipped: { key: string; reason: string }[];
  /** The person stopped before the end. */
  quit: boolean;
}

/** Components waiting for a person, in dependency order. */
export function needsReview(item: ReviewItem): boolean {
  return item.state === 'awaiting-review' || item.state === 'checks-failed';
}

function allowedActions(view: ReviewView): ReviewAction[] {
  const acceptable =
    (view.item.state === 'awaiting-review' || view.item.state === 'accepted') && !view.movedSinceDecision;
  const recheck = view.item.state === 'checks-failed' || view.movedSinceDecision;
  return [
    ...(acceptable ? (['accept'] as const) : []),
    'reject',
    'edit',
    'patch',
    ...(recheck ? (['recheck'] as const) : []),
    'annotate',
    'skip',
    'quit',
  ];
}

/**
 * Walks the components waiting for review, in dependency order: shows each one and records what
 * the person (or the policy) decides. Time from showing a component to each decision on it is
 * recorded as reviewing time.
 */
export async function runReviewSession(options: ReviewSessionOptions): Promise<ReviewSessionResult> {
  const { ledger, reviewRun, clock } = options;
  const runId = reviewRun.run.id;
  const result: ReviewSessionResult = { decisions: [], skipped: [], quit: false };
  const reload = async (componentId: string) =>
    (await loadReviewItems(ledger, reviewRun)).find((item) => item.component.id === componentId);
  // Naming a component reviews it again even when accepted, until it is merged (a conflict, say).
  const pending = (await loadReviewItems(ledger, reviewRun)).filter((item) =>
    options.only
      ? options.only.includes(item.component.key) && (needsReview(item) || item.state === 'accepted')
      : needsReview(item),
  );
  const record = async (
    view: ReviewView,
    decision: ReviewDecision,
    reason: string | undefined,
    startedAt: string,
    reviewer = options.reviewer,
  ) => {
    await recordReviewDecision(ledger, {
      runId,
      component: view.item.component,
      attemptId: view.item.attempt?.id ?? null,
      decision,
      reviewer,
      reason,
      reviewedCommit: view.head,
      startedAt,
      at: clock.now().toISOString(),
    });
    result.decisions.push({ key: view.item.component.key, decision, reason });
  };

  for (const first of pending) {
    let item: ReviewItem | undefined = first;
    let startedAt = clock.now().toISOString();
    let show = true;
    while (item) {
      const view = await prepareReviewView(options.repository, runId, item, options.baseBranch);
      if (hasPolicy(options.policy) || !options.prompter) {
        const decided = decideByPolicy(item, options.policy, view.movedSinceDecision);
        if (decided.decision === 'skip')
          result.skipped.push({ key: item.component.key, reason: decided.reason });
        // An accept by policy means nobody read the component; a rejection carries the person's own reason.
        else
          await record(
            view,
            decided.decision,
            decided.reason,
            startedAt,
            decided.decision === 'accept' ? policyReviewer : options.reviewer,
          );
        break;
      }
      const prompter = options.prompter;
      if (show) prompter.present(view);
      show = true;
      const action = await prompter.chooseAction(view, allowedActions(view));
      if (action === 'quit') {
        result.quit = true;
        return result;
      }
      if (action === 'skip') {
        result.skipped.push({ key: item.component.key, reason: 'skipped by the reviewer' });
        break;
      }
      if (action === 'accept') {
        await record(view, 'accept', undefined, startedAt);
        break;
      }
      if (action === 'reject') {
        const reason = await prompter.askText('Why? The next attempt is prompted with this.', {
          required: true,
        });
        if (reason === undefined) continue;
        await record(view, 'reject', reason, startedAt);
        break;
      }
      if (action === 'annotate') {
        const note = await prompter.askText('Note', { required: true });
        if (note !== undefined) {
          await record(view, 'annotate', note, startedAt);
          startedAt = clock.now().toISOString();
        }
        show = false;
        continue;
      }
      let change: ReviewChange;
      if (action === 'patch') {
        const patch = await prompter.readPatch();
        if (patch === undefined) continue;
        change = { kind: 'patch', patch };
      } else if (action === 'edit') {
        change = { kind: 'editor', open: (worktree) => prompter.openEditor(worktree) };
      } else {
        change = { kind: 'recheck' };
      }
      const note =
        action === 'recheck'
          ? undefined
          : await prompter.askText('What does the edit change? (optional)', { required: false });
      const edited = await editComponent({
        ledger,
        repository: options.repository,
        dataDir: options.dataDir,
        view,
        reviewer: options.reviewer,
        note: note?.trim() ? note : undefined,
        change,
        recheck: options.recheck,
        startedAt,
        clock,
      });
      if (!edited.changed && action !== 'recheck') {
        prompter.say('No file changed; nothing to record.');
        show = false;
        continue;
      }
      result.decisions.push({ key: item.component.key, decision: 'edit', reason: note });
      prompter.say(
        edited.passed
          ? `Checks passed on ${edited.commit.slice(0, 12)} (${edited.findings} finding(s)).`
          : `Checks did not pass on ${edited.commit.slice(0, 12)} (${edited.findings} finding(s)); edit again or reject.`,
      );
      startedAt = clock.now().toISOString();
      item = await reload(item.component.id);
    }
  }
  return result;
}
