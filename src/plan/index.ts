/** The plan part's public surface for the parts above it: reading, validating and triaging a plan file. */
export {
  type CheckPlanOptions,
  checkPlan,
  loadValidPlan,
  type PlanCheck,
  readPlanFile,
} from './check-plan.js';
export type { GitHistory } from './git-history.js';
export { parsePlanText } from './parse-plan.js';
export type { EdgeCase, PromptElements, PromptExample } from './plan.js';
export { normalizePlan, type Plan, type PlanComponent } from './plan.js';
export type { PlanIssue } from './plan-issue.js';
export { formatIssue } from './plan-issue.js';
export type { PlanFile } from './plan-schema.js';
export type { RepositoryFiles } from './repository-files.js';
export { listRepositoryFiles } from './repository-files.js';
export { type TriageResult, triagePlan } from './triage.js';
export { componentFiles } from './validate-plan.js';
