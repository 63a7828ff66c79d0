import ts from 'typescript';
import { calledInProject } from './contract-callers.js';
import { functionName, type ReturnContract, returnContract } from './contract-sinks.js';
import type { SinkHit } from './function-summary.js';
import { checkSink } from './sink-check.js';
import type { SinkUse } from './sinks/sink-use.js';
import type { Tainted } from './taint-value.js';
import type { WalkState } from './walk-state.js';

/**
 * The hook that checks what a function returns against what it promises (JSDoc or plan): the value
 * is a sink of the promised kind, so request data reaching it is reported as at any sink, and the
 * function's own parameters spliced into it unescaped are a defect of the function itself — except in a
 * URL, where a host or path taken from the caller is what a URL builder is for; its callers' data is
 * checked where they call it. A URL is a request's target only when something requests it, so where
 * the project calls the URL builder itself, its callers' uses are followed instead of the promise.
 */
export function returnContractHook(
  planContracts: ReadonlyMap<string, ReturnContract>,
  keyOf: (fn: ts.Node) => string,
  report: (hit: SinkHit, functionName: string) => void,
  program?: ts.Program,
): (walk: WalkState, expression: ts.Expression, value: Tainted) => void {
  const contracts = new Map<ts.Node, ReturnContract | undefined>();
  const contractOf = (fn: ts.SignatureDeclaration): ReturnContract | undefined => {
    const contract = returnContract(fn, planContracts);
    return contract?.kind === 'ssrf' && program && calledInProject(program, fn) ? undefined : contract;
  };
  return (walk, expression, value) => {
    const fn = ts.findAncestor(expression.parent, ts.isFunctionLike);
    if (!fn) return;
    if (!contracts.has(fn)) contracts.set(fn, contractOf(fn));
    const contract = contracts.get(fn);
    if (!contract) return;
    const name = functionName(fn) ?? 'function';
    const sink: SinkUse = {
      kind: contract.kind,
      value: expression,
      label: `the return value of ${name}, which ${contract.source}`,
    };
    const hits = walk.summary?.hits;
    const before = hits?.length ?? 0;
    checkSink(walk, sink, expression, value);
    const key = keyOf(fn);
    if (contract.kind === 'ssrf') return;
    for (const hit of hits?.slice(before) ?? []) {
      if (hit.taint.origin.functionName === key && hit.taint.combined) report(hit, name);
    }
  };
}
