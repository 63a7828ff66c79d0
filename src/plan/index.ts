/** The plan part's public surface for the parts above it: reading, validating and triaging a plan file. */
export { type CheckPlanOptions, checkPlan, loadValidPlan, type PlanCheck } from './check-plan.js';
export type { Plan, PlanComponent } from './plan.js';
export type { PlanIssue } from './plan-issue.js';
