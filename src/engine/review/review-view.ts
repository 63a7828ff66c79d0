import { BatonError } from '../../core/errors.js';
import { type AnnotatedDiff, annotateDiff } from './annotated-diff.js';
import { attemptBranch, branchHead, diffBetween, diffStart } from './component-branch.js';
import type { ReviewItem } from './review-items.js';

/** Everything a reviewer is shown for one component. */
export interface ReviewView {
  runId: string;
  item: ReviewItem;
  branch: string;
  head: string;
  /** The commit the component's own changes start from. */
  start: string;
  baseBranch: string;
  diff: AnnotatedDiff;
  /** The branch moved after the last decision was made on it: checks and review must look again. */
  movedSinceDecision: boolean;
}

/** Reads the component's branch and diff and places its findings on the diff. */
export async function prepareReviewView(
  repository: string,
  runId: string,
  item: ReviewItem,
  baseBranch: string,
): Promise<ReviewView> {
  const attempt = item.attempt;
  if (!attempt) {
    throw new BatonError({
      code: 'REVIEW_NOT_READY',
      message: `${item.component.key} has no attempt to review (${item.stateReason}).`,
      hint: 'Only components the run finished with every check passing can be reviewed.',
    });
  }
  const branch = attemptBranch(runId, item.component.key, attempt);
  const head = await branchHead(repository, branch);
  if (!head) {
    throw new BatonError({
      code: 'REVIEW_BRANCH_MISSING',
      message: `The branch ${branch} of ${item.component.key} is not in ${repository}.`,
      hint: 'The run keeps attempt branches for review; if `baton gc` removed it, reject the component so the next `baton run --resume` makes it again.',
      details: { branch },
    });
  }
  const start = await diffStart(repository, item.component, attempt, head, baseBranch);
  const diff = annotateDiff(await diffBetween(repository, start, head), item.findings);
  const decided = item.lastDecision?.reviewedCommit ?? attempt.commitSha ?? undefined;
  return {
    runId,
    item,
    branch,
    head,
    start,
    baseBranch,
    diff,
    movedSinceDecision: decided !== undefined && decided !== head,
  };
}
