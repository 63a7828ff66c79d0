import type ts from 'typescript';

/** A finding of a rule that needs no taint: the rule, the node and what to say. */
export interface RuleProblem {
  ruleId: string;
  node: ts.Node;
  message: string;
  hint: string;
  cwe?: string;
}
