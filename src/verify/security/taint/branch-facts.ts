import ts from 'typescript';
import { skipOuter } from './file-facts.js';
import { type GuardFact, guardFacts } from './guards.js';
import { referenceKey, type TaintEnvironment } from './taint-env.js';
import { clean, cleanedFor, mapTaint } from './taint-value.js';
import type { WalkState } from './walk-state.js';

function factsOf(walk: WalkState, condition: ts.Expression, truth: boolean): GuardFact[] {
  return walk.quietly(() =>
    guardFacts(
      { checker: walk.checker, isTainted: (expression) => walk.isTainted(expression) },
      condition,
      truth,
    ),
  );
}

/** `allowed.includes(url.hostname)`: the URL (and what it was parsed from) goes only where allowed. */
function cleanHost(walk: WalkState, environment: TaintEnvironment, urlExpression: ts.Expression): void {
  const inner = skipOuter(urlExpression);
  const targets = ts.isNewExpression(inner) && inner.arguments?.[0] ? [inner.arguments[0]] : [inner];
  for (const target of targets) {
    const key = referenceKey(walk.checker, target);
    if (key) environment.set(key, cleanedFor(walk.evaluateQuietly(target), ['ssrf', 'redirect']));
  }
}

/** Writes what guards prove into a branch's environment; a target is safe for redirects only once proved to start with one slash and not two. */
function applyFacts(walk: WalkState, environment: TaintEnvironment, facts: readonly GuardFact[]): void {
  if (facts.length === 0) return;
  walk.inBranch(environment, () => {
    const slash = new Set<string>();
    const noDoubleSlash = new Set<string>();
    for (const fact of facts) {
      const key = referenceKey(walk.checker, fact.target);
      const target = skipOuter(fact.target);
      if (fact.fact === 'clean') {
        if (key) environment.set(key, clean);
        if (ts.isPropertyAccessExpression(target) && /^(hostname|host|origin)$/.test(target.name.text))
          cleanHost(walk, environment, target.expression);
        continue;
      }
      if (!key) continue;
      const current = walk.evaluateQuietly(fact.target);
      if (fact.fact === 'cleanFor') environment.set(key, cleanedFor(current, fact.kinds));
      else if (fact.fact === 'prefix')
        environment.set(
          key,
          mapTaint(current, (taint) =>
            taint.normalised ? { ...taint, cleanFor: new Set([...taint.cleanFor, 'path']) } : taint,
          ),
        );
      else if (fact.fact === 'slash') slash.add(key);
      else noDoubleSlash.add(key);
    }
    for (const key of slash) {
      if (!noDoubleSlash.has(key)) continue;
      const fact = facts.find((item) => referenceKey(walk.checker, item.target) === key);
      if (fact) environment.set(key, cleanedFor(walk.evaluateQuietly(fact.target), ['redirect']));
    }
  });
}

/** Narrows an environment to what a condition proves when it has the given outcome. */
export function assume(
  walk: WalkState,
  environment: TaintEnvironment,
  condition: ts.Expression,
  truth: boolean,
): void {
  applyFacts(walk, environment, factsOf(walk, condition, truth));
}

/** The environments a condition's two branches start from, each narrowed by what its outcome proves. */
export function branchesOf(walk: WalkState, condition: ts.Expression): [TaintEnvironment, TaintEnvironment] {
  const whenTrue = walk.environment.clone();
  const whenFalse = walk.environment.clone();
  assume(walk, whenTrue, condition, true);
  assume(walk, whenFalse, condition, false);
  return [whenTrue, whenFalse];
}
