// The team's public surface: people and roles, routing by risk, reviewer rules, the mistakes audit.

// The ledger's team, for `baton team add|set|remove`.
export {
  addTeamPerson,
  type LedgerTeamPerson,
  listTeamChanges,
  listTeamPeople,
  removeTeamPerson,
  type TeamChange,
  updateTeamPerson,
} from '../ledger/index.js';
export {
  type Assignment,
  allowedRoles,
  assignOwners,
  type ComponentToStaff,
  defaultEstimateHours,
  seniorReasons,
} from './assign-owners.js';
export { type AssignPlanOptions, type AssignPlanResult, assignPlan } from './assign-plan.js';
export {
  type AuditFinding,
  type AuditOptions,
  type AuditReport,
  type AuditSeverity,
  auditFails,
  auditLedger,
  auditSeverities,
  type MistakeId,
  mistakes,
} from './audit.js';
export { type CommitAuthor, commitAuthors } from './commit-authors.js';
export {
  articleShape,
  type Composition,
  compareComposition,
  type RoleGap,
  scaledShape,
} from './composition.js';
export type { InterviewGrade } from './interview/grade-result.js';
export {
  computePeopleFigures,
  type PeopleFigures,
  type PersonFigures,
  type UnknownIdentity,
} from './person-figures.js';
export { planLintScores } from './plan-lint-scores.js';
export {
  describeRefusal,
  gateMergeDecisions,
  gateReviewDecisions,
  type ReviewGateOptions,
  type ReviewGateResult,
} from './review-gate.js';
export {
  type ComponentOwner,
  componentOwners,
  judgeReviewer,
  needsSeniorReview,
  type ReviewRuleId,
  type RuleBreak,
  reviewRuleIds,
} from './reviewer-rules.js';
export { buildRoster, type TeamMember, type TeamRoster } from './roster.js';
export { type BuildTeamReportOptions, buildTeamReport, loadRoster, type TeamReport } from './team-report.js';
export type { PersonTrainingStatus, TrainingStatus } from './training/index.js';
export { writeOwners } from './write-owners.js';
