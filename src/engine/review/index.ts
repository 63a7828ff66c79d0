/** The review gate's public surface: what the CLI and the reports may import from it. */
export {
  type AnnotatedDiff,
  annotateDiff,
  type DiffFile,
  type DiffFinding,
  type DiffHunk,
  type DiffLine,
  parseGitDiff,
} from './annotated-diff.js';
export {
  attemptBranch,
  branchHead,
  diffBetween,
  diffStart,
  isAncestor,
  resolveBaseBranch,
} from './component-branch.js';
export {
  type EditComponentOptions,
  type EditResult,
  editComponent,
  type Recheck,
  type RecheckOutcome,
  type ReviewChange,
} from './edit-component.js';
export { type MergeOptions, type MergeReport, mergeAcceptedComponents } from './merge-components.js';
export { loadReviewItems, type ReviewCheck, type ReviewItem, type ReviewState } from './review-items.js';
export { decideByPolicy, hasPolicy, type PolicyDecision, type ReviewPolicy } from './review-policy.js';
export { createReviewRecheck } from './review-recheck.js';
export { findReviewRun, type ReviewRun } from './review-run.js';
export {
  needsReview,
  type ReviewAction,
  type ReviewPrompter,
  type ReviewSessionOptions,
  type ReviewSessionResult,
  runReviewSession,
  type SessionDecision,
} from './review-session.js';
export { prepareReviewView, type ReviewView } from './review-view.js';
export { loadReviewerFeedback, type ReviewerFeedback, renderReviewerFeedback } from './reviewer-feedback.js';
