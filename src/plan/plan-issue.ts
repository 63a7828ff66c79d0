import type { SourcePath } from '../core/index.js';

/** Stable codes of the problems `baton plan check` reports; scripts match on them. */
export const planIssueCodes = [
  'PLAN_SYNTAX',
  'PLAN_SCHEMA',
  'PLAN_ROOT_NOT_FOUND',
  'PLAN_DUPLICATE_ID',
  'PLAN_UNKNOWN_DEPENDENCY',
  'PLAN_CYCLE',
  'PLAN_NO_VERIFIABLE_CRITERION',
  'PLAN_COMPONENT_TOO_LARGE',
  'PLAN_EMPTY_PROMPT_ELEMENT',
  'PLAN_GLOB_MATCHES_NOTHING',
  'PLAN_OWNER_BELOW_ROUTING',
] as const;
export type PlanIssueCode = (typeof planIssueCodes)[number];

/** One problem in a plan file, pointing at the line and column to fix. */
export interface PlanIssue {
  code: PlanIssueCode;
  severity: 'error' | 'warning';
  message: string;
  /** How to fix it. */
  hint: string;
  file: string;
  line: number;
  column: number;
  path: SourcePath;
  componentId?: string;
}

/** Orders issues by position, then code, so output is stable. */
export function compareIssues(left: PlanIssue, right: PlanIssue): number {
  return (
    left.file.localeCompare(right.file) ||
    left.line - right.line ||
    left.column - right.column ||
    left.code.localeCompare(right.code) ||
    left.message.localeCompare(right.message)
  );
}

/** `file:line:column: error CODE: message` and an indented hint, one issue per block. */
export function formatIssue(issue: PlanIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.severity} ${issue.code}: ${issue.message}\n  hint: ${issue.hint}`;
}
