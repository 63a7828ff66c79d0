import ts from 'typescript';
import { bindFields } from './bindings.js';
import { assume, branchesOf } from './branch-facts.js';
import { evaluateCall, evaluateConstruct } from './call-evaluator.js';
import { readsAbsentArrayMember, readsLastPathSegment } from './element-reads.js';
import { shortText, skipOuter } from './file-facts.js';
import { accessorOf, bindPendingInstance, receiverOf, thisFieldTaint } from './instance-state.js';
import { evaluateLogicalAssignment, isLogicalAssignment } from './logical-assignment.js';
import { moduleStateTaint } from './module-state.js';
import { unwrittenFieldTaint } from './record-fields.js';
import { byType } from './safe-types.js';
import { checkSink } from './sink-check.js';
import { assignmentSink } from './sinks/index.js';
import { interceptorAssignmentSink } from './sinks/interceptor-sinks.js';
import { prototypeAssignmentSink, refusesPrototypeKeys } from './sinks/prototype-assignments.js';
import { taintOfSource } from './source-taint.js';
import { evaluateStringBuilt, evaluateTaggedTemplate } from './string-building.js';
import { applySummary } from './summary-application.js';
import { referenceKey } from './taint-env.js';
import { clean, type Tainted, union, withFlags, withStep } from './taint-value.js';
import type { WalkState } from './walk-state.js';

/** Stores a value's taint in what it is assigned to, checking assignment sinks (`element.innerHTML = …`). */
export function assign(
  walk: WalkState,
  target: ts.Expression,
  value: Tainted,
  operator: ts.SyntaxKind,
): void {
  const inner = skipOuter(target);
  const line = walk.line(inner);
  const sink = assignmentSink(inner, walk.sourceFile) ?? interceptorAssignmentSink(walk.checker, inner);
  if (sink) checkSink(walk, { ...sink, value: inner }, inner, value);
  const pollution = prototypeAssignmentSink(walk.checker, inner, walk.sourceFile);
  const keyTaint = pollution ? walk.evaluateQuietly(pollution.value) : clean;
  if (pollution && keyTaint.length > 0 && !refusesPrototypeKeys(walk.checker, pollution.value, inner))
    checkSink(walk, pollution, inner, keyTaint);
  if (ts.isPropertyAccessExpression(inner) && assignThroughSetter(walk, inner, value)) return;
  if (ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) {
    const elements = ts.isObjectLiteralExpression(inner)
      ? inner.properties.map((property) =>
          ts.isShorthandPropertyAssignment(property)
            ? property.name
            : ts.isPropertyAssignment(property)
              ? property.initializer
              : undefined,
        )
      : inner.elements;
    for (const element of elements)
      if (element) assign(walk, element, withFlags(value, { container: false }), ts.SyntaxKind.EqualsToken);
    return;
  }
  const key = referenceKey(walk.checker, inner);
  if (!key) return;
  const label = ts.isIdentifier(inner) ? inner.text : shortText(inner, walk.sourceFile);
  const combined = operator !== ts.SyntaxKind.EqualsToken;
  const previous = combined ? (walk.environment.get(key) ?? clean) : clean;
  const next = withStep(
    combined ? union(previous, withFlags(value, { combined: true })) : value,
    label,
    line,
  );
  walk.environment.set(key, next);
  if ((ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) && value.length > 0) {
    const objectKey = referenceKey(walk.checker, inner.expression);
    if (objectKey) {
      const object = walk.environment.get(objectKey) ?? clean;
      walk.environment.set(objectKey, union(object, withFlags(next, { container: true })));
    }
  }
}

/** `task.command = value` where `command` is the project's own setter: its summary stores into the receiver. */
function assignThroughSetter(walk: WalkState, target: ts.PropertyAccessExpression, value: Tainted): boolean {
  const setter = accessorOf(walk.checker, target, 'set');
  const summary = setter ? walk.hooks.summaryOf(setter) : undefined;
  if (!summary) return false;
  const receiver = receiverOf(walk, target.expression, walk.evaluateQuietly(target.expression));
  applySummary(walk, summary, {
    node: target,
    name: `set ${target.name.text}`,
    argumentsTaint: [value],
    receiver,
  });
  return true;
}

/** `task.command` where `command` is the project's own getter, or `this.field` read in a method. */
function evaluateMember(walk: WalkState, node: ts.PropertyAccessExpression): Tainted | undefined {
  const getter = accessorOf(walk.checker, node, 'get');
  const summary = getter ? walk.hooks.summaryOf(getter) : undefined;
  if (summary) {
    const receiver = receiverOf(walk, node.expression, walk.evaluate(node.expression));
    const name = `get ${node.name.text}`;
    return byType(
      walk.checker,
      node,
      applySummary(walk, summary, { node, name, argumentsTaint: [], receiver }),
    );
  }
  if (skipOuter(node.expression).kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const symbolic = thisFieldTaint(walk, node.name.text, walk.line(node));
  return symbolic && byType(walk.checker, node, symbolic);
}

function evaluateAccess(
  walk: WalkState,
  node: ts.PropertyAccessExpression | ts.ElementAccessExpression,
): Tainted {
  const key = referenceKey(walk.checker, node);
  const known = key ? walk.environment.get(key) : undefined;
  if (known) return byType(walk.checker, node, known);
  const fromSource = taintOfSource(walk, node);
  if (fromSource) return fromSource;
  if (ts.isElementAccessExpression(node)) walk.evaluate(node.argumentExpression);
  else {
    const member = evaluateMember(walk, node);
    if (member) return member;
  }
  const evaluated = walk.evaluate(node.expression);
  const object = ts.isPropertyAccessExpression(node)
    ? unwrittenFieldTaint(
        walk.environment,
        referenceKey(walk.checker, node.expression),
        node.name.text,
        evaluated,
      )
    : evaluated;
  if (object.length === 0) return clean;
  if (ts.isPropertyAccessExpression(node) && /^(length|size)$/.test(node.name.text)) return clean;
  if (ts.isPropertyAccessExpression(node) && readsAbsentArrayMember(walk.checker, node)) return clean;
  const element = byType(walk.checker, node, withFlags(object, { container: false }));
  return ts.isElementAccessExpression(node) && readsLastPathSegment(walk.checker, node)
    ? withFlags(element, { segment: true })
    : element;
}

function evaluateBinary(walk: WalkState, node: ts.BinaryExpression): Tainted {
  const operator = node.operatorToken.kind;
  if (isLogicalAssignment(operator)) return evaluateLogicalAssignment(walk, node);
  if (operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment) {
    const value = walk.evaluate(node.right);
    assign(walk, node.left, value, operator);
    if (operator === ts.SyntaxKind.EqualsToken) {
      const target = referenceKey(walk.checker, node.left);
      const label = shortText(node.left, walk.sourceFile);
      bindPendingInstance(walk, target, label, node.right, walk.line(node));
      // An object literal assigned later keeps its fields apart, as one given at the declaration does.
      const literal = skipOuter(node.right);
      if (target && ts.isObjectLiteralExpression(literal)) {
        walk.environment.forgetFields(target);
        bindFields(walk, target, label, literal, walk.line(node));
      }
    }
    return value;
  }
  if (operator === ts.SyntaxKind.PlusToken) return evaluateStringBuilt(walk, node);
  const left = walk.evaluate(node.left);
  if (operator === ts.SyntaxKind.AmpersandAmpersandToken) {
    const whenTrue = walk.environment.clone();
    assume(walk, whenTrue, node.left, true);
    return walk.inBranch(whenTrue, () => walk.evaluate(node.right));
  }
  const right = walk.evaluate(node.right);
  if (
    operator === ts.SyntaxKind.BarBarToken ||
    operator === ts.SyntaxKind.QuestionQuestionToken ||
    operator === ts.SyntaxKind.CommaToken
  )
    return operator === ts.SyntaxKind.CommaToken ? right : union(left, right);
  return clean;
}

function evaluateConditional(walk: WalkState, node: ts.ConditionalExpression): Tainted {
  walk.evaluate(node.condition);
  const [whenTrue, whenFalse] = branchesOf(walk, node.condition);
  const left = walk.inBranch(whenTrue, () => walk.evaluate(node.whenTrue));
  const right = walk.inBranch(whenFalse, () => walk.evaluate(node.whenFalse));
  return union(left, right);
}

/** A function written inline: summarised on its own if it has a name to be called by, walked here otherwise. */
function walkInlineFunction(walk: WalkState, fn: ts.FunctionLikeDeclaration): void {
  if (walk.hooks.hasOwnSummary(fn)) walk.hooks.summaryOf(fn);
  else walk.walkFunction(fn, []);
}

function evaluateObjectLiteral(walk: WalkState, node: ts.ObjectLiteralExpression): Tainted {
  const parts: Tainted[] = [];
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property)) {
      const value = walk.evaluate(property.initializer);
      if (ts.isIdentifier(property.name) && property.name.text === '__html')
        checkSink(
          walk,
          { kind: 'html', value: property.initializer, label: 'dangerouslySetInnerHTML' },
          property,
          value,
        );
      parts.push(value);
    } else if (ts.isShorthandPropertyAssignment(property)) parts.push(walk.evaluate(property.name));
    else if (ts.isSpreadAssignment(property)) parts.push(walk.evaluate(property.expression));
    else if (ts.isMethodDeclaration(property) || ts.isAccessor(property)) walkInlineFunction(walk, property);
  }
  return withFlags(union(...parts), { container: true });
}

function walkJsx(walk: WalkState, node: ts.Node): void {
  ts.forEachChild(node, (child) => {
    if (ts.isExpression(child)) walk.evaluate(child);
    else walkJsx(walk, child);
  });
}

/** The taint an expression carries, evaluated in order: assignments update the environment, sinks are checked. */
export function evaluateExpression(walk: WalkState, node: ts.Expression): Tainted {
  const inner = skipOuter(node);
  if (ts.isIdentifier(inner)) {
    const key = referenceKey(walk.checker, inner);
    const known = key ? walk.environment.get(key) : undefined;
    if (known && known.length > 0) return byType(walk.checker, inner, known);
    return byType(walk.checker, inner, moduleStateTaint(walk.checker, inner, walk.line(inner)) ?? clean);
  }
  if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner))
    return evaluateAccess(walk, inner);
  if (ts.isCallExpression(inner)) return evaluateCall(walk, inner);
  if (ts.isNewExpression(inner)) return evaluateConstruct(walk, inner);
  if (ts.isTemplateExpression(inner)) return evaluateStringBuilt(walk, inner);
  if (ts.isNoSubstitutionTemplateLiteral(inner) || ts.isStringLiteral(inner) || ts.isNumericLiteral(inner))
    return clean;
  if (ts.isTaggedTemplateExpression(inner)) return evaluateTaggedTemplate(walk, inner);
  if (ts.isBinaryExpression(inner)) return evaluateBinary(walk, inner);
  if (ts.isConditionalExpression(inner)) return evaluateConditional(walk, inner);
  if (ts.isPrefixUnaryExpression(inner) || ts.isPostfixUnaryExpression(inner)) {
    walk.evaluate(inner.operand);
    return clean;
  }
  if (ts.isTypeOfExpression(inner) || ts.isVoidExpression(inner) || ts.isDeleteExpression(inner)) {
    walk.evaluate(inner.expression);
    return clean;
  }
  if (ts.isAwaitExpression(inner) || ts.isSpreadElement(inner)) return walk.evaluate(inner.expression);
  if (ts.isObjectLiteralExpression(inner)) return evaluateObjectLiteral(walk, inner);
  if (ts.isArrayLiteralExpression(inner))
    return withFlags(union(...inner.elements.map((element) => walk.evaluate(element))), {
      container: true,
    });
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) {
    walkInlineFunction(walk, inner);
    return clean;
  }
  if (ts.isYieldExpression(inner)) return inner.expression ? walk.evaluate(inner.expression) : clean;
  if (ts.isClassExpression(inner)) return clean;
  ts.forEachChild(inner, (child) => {
    if (ts.isExpression(child)) walk.evaluate(child);
    else if (ts.isJsxAttributes(child) || ts.isJsxExpression(child) || ts.isJsxAttribute(child))
      walkJsx(walk, child);
  });
  return clean;
}
