import ts from 'typescript';
import { skipOuter } from './file-facts.js';
import { declarationKey, referenceKey } from './taint-env.js';
import { type Tainted, union, withFlags, withStep } from './taint-value.js';
import type { WalkState } from './walk-state.js';

/** Each element of an array literal under its index (`parts.0`), up to the first spread. */
export function bindElements(
  walk: WalkState,
  key: string,
  label: string,
  literal: ts.ArrayLiteralExpression,
  line: number,
): void {
  for (const [index, element] of literal.elements.entries()) {
    if (ts.isSpreadElement(element) || ts.isOmittedExpression(element)) return;
    walk.environment.set(
      `${key}.${index}`,
      withStep(walk.evaluateQuietly(element), `${label}[${index}]`, line),
    );
  }
}

/**
 * Each field of an object literal under its own key (`job.cmd`, `job.inner.cmd`), so that reading a
 * clean field of an object holding a tainted one reads clean; literals with spreads or computed
 * names are left whole.
 */
export function bindFields(
  walk: WalkState,
  key: string,
  label: string,
  literal: ts.ObjectLiteralExpression,
  line: number,
): void {
  const fields = new Map<string, Tainted>();
  const literals = new Map<string, ts.ObjectLiteralExpression>();
  for (const property of literal.properties) {
    if (ts.isShorthandPropertyAssignment(property))
      fields.set(property.name.text, walk.evaluateQuietly(property.name));
    else if (
      ts.isPropertyAssignment(property) &&
      (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
    ) {
      fields.set(property.name.text, walk.evaluateQuietly(property.initializer));
      const inner = skipOuter(property.initializer);
      if (ts.isObjectLiteralExpression(inner)) literals.set(property.name.text, inner);
      else literals.delete(property.name.text);
    } else if (ts.isSpreadAssignment(property)) {
      // A spread of an object whose fields are known copies them; of anything else, leaves the literal whole.
      const spreadKey = referenceKey(walk.checker, property.expression);
      const spread = spreadKey ? walk.environment.fieldsOf(spreadKey) : undefined;
      if (!spread || spread.size === 0) return;
      for (const [name, value] of spread) fields.set(name, value);
    } else if (!ts.isMethodDeclaration(property)) return;
  }
  for (const [name, value] of fields) {
    const fieldKey = `${key}.${name}`;
    walk.environment.set(fieldKey, withStep(value, `${label}.${name}`, line));
    const inner = literals.get(name);
    if (inner) bindFields(walk, fieldKey, `${label}.${name}`, inner, line);
  }
}

/**
 * Binds a name or a destructuring pattern to a value's taint; with the key of what is destructured,
 * each element takes its own field's taint where the walk knows it (`const { cmd } = job`).
 */
export function bindName(
  walk: WalkState,
  name: ts.BindingName,
  value: Tainted,
  line: number,
  sourceKey?: string,
): void {
  if (ts.isIdentifier(name)) {
    const key = declarationKey(walk.checker, name);
    if (key) walk.environment.set(key, withStep(value, name.text, line));
    return;
  }
  for (const [index, element] of name.elements.entries()) {
    if (ts.isOmittedExpression(element)) continue;
    const field = ts.isArrayBindingPattern(name) ? String(index) : bindingField(element);
    const fieldKey =
      sourceKey && field !== undefined && !element.dotDotDotToken ? `${sourceKey}.${field}` : undefined;
    let part =
      (fieldKey && walk.environment.get(fieldKey)) ||
      withFlags(ownField(value, element), { container: false });
    if (element.initializer) part = union(part, walk.evaluate(element.initializer));
    bindName(walk, element.name, part, line, fieldKey);
  }
}

/** Of a destructured parameter's taints, those of the property an element takes (each was seeded apart). */
function ownField(value: Tainted, element: ts.BindingElement): Tainted {
  const seededApart = (taint: Tainted[number]) =>
    taint.origin.field !== undefined && taint.origin.parameterIndex !== -1;
  if (!value.some(seededApart)) return value;
  const name = bindingField(element);
  return value.filter((taint) => !seededApart(taint) || taint.origin.field === name);
}

/** The property a destructuring element reads: `cmd` of `{ cmd }` and of `{ cmd: command }`. */
function bindingField(element: ts.BindingElement): string | undefined {
  const property = element.propertyName ?? element.name;
  if (ts.isIdentifier(property) || ts.isStringLiteral(property) || ts.isNumericLiteral(property))
    return property.text;
  return undefined;
}
