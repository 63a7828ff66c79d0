/**
 * The plan part's public surface: parsing, checking and triaging plans. Imports of its inner files
 * from other parts are still counted by the structure test and move here as they are touched.
 */
export { checkPlan, type PlanCheck } from './check-plan.js';
export type { GitHistory } from './git-history.js';
export { parsePlanText } from './parse-plan.js';
export { normalizePlan, type Plan, type PlanComponent } from './plan.js';
export type { PlanFile } from './plan-schema.js';
export type { RepositoryFiles } from './repository-files.js';
export { type TriageResult, triagePlan } from './triage.js';
