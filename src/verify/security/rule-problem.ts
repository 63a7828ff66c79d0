import type ts from 'typescript';
import type { Severity } from '../finding.js';

/** A finding of a rule that needs no taint: the rule, the node and what to say. */
export interface RuleProblem {
  ruleId: string;
  node: ts.Node;
  message: string;
  hint: string;
  cwe?: string;
  /** Below the rule's default: a weakness that holds only in some deployments. */
  severity?: Severity;
}
