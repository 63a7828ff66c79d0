import ts from 'typescript';
import { skipOuter } from './file-facts.js';
import type { GuardFact } from './guards.js';
import { packageOfValue } from './package-values.js';
import { referenceKey } from './taint-env.js';
import { cleanedFor } from './taint-value.js';
import type { WalkState } from './walk-state.js';

/** Joi leaf types whose values are single primitives, never objects a query could read as operators. */
const joiPrimitives = new Set(['string', 'number', 'boolean', 'date', 'valid', 'allow', 'invalid']);
/** Joi modifiers that widen what a schema lets through to anything (unknown keys, any type, alternatives). */
const joiWideners = new Set(['unknown', 'pattern', 'any', 'alternatives', 'alt', 'link', 'custom', 'array']);
const ajvPrimitives = new Set(['string', 'number', 'integer', 'boolean', 'null']);

/** An identifier's constant initializer (followed a few times), or the expression itself. */
function definition(checker: ts.TypeChecker, expression: ts.Expression, depth = 0): ts.Expression {
  const inner = skipOuter(expression);
  if (depth > 4 || !ts.isIdentifier(inner)) return inner;
  const declaration = checker.getSymbolAtLocation(inner)?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return inner;
  return definition(checker, declaration.initializer, depth + 1);
}

/** Whether a Joi schema admits only objects of known keys whose values are primitives (or such objects). */
function joiSchemaIsClosed(checker: ts.TypeChecker, schema: ts.Expression, depth = 0): boolean {
  const inner = definition(checker, schema);
  if (depth > 6 || !ts.isCallExpression(inner)) return false;
  const callee = skipOuter(inner.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const name = callee.name.text;
  if (joiWideners.has(name)) return false;
  const receiver = skipOuter(callee.expression);
  if (ts.isCallExpression(receiver)) return joiSchemaIsClosed(checker, receiver, depth + 1);
  if (packageOfValue(checker, receiver) !== 'joi') return false;
  if (joiPrimitives.has(name)) return true;
  if (name !== 'object') return false;
  const keys = inner.arguments[0] && skipOuter(inner.arguments[0]);
  if (!keys || !ts.isObjectLiteralExpression(keys)) return false;
  return keys.properties.every(
    (property) =>
      ts.isPropertyAssignment(property) && joiSchemaIsClosed(checker, property.initializer, depth + 1),
  );
}

function literalProperty(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const property of object.properties)
    if (
      ts.isPropertyAssignment(property) &&
      (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) &&
      property.name.text === name
    )
      return skipOuter(property.initializer);
  return undefined;
}

/** Whether a JSON schema admits only primitives, or objects with `additionalProperties: false` of such values. */
function jsonSchemaIsClosed(checker: ts.TypeChecker, schema: ts.Expression, depth = 0): boolean {
  const inner = definition(checker, schema);
  if (depth > 6 || !ts.isObjectLiteralExpression(inner)) return false;
  const type = literalProperty(inner, 'type');
  if (!type || !ts.isStringLiteralLike(type)) return false;
  if (ajvPrimitives.has(type.text)) return true;
  if (type.text !== 'object' || literalProperty(inner, 'patternProperties')) return false;
  const additional = literalProperty(inner, 'additionalProperties');
  if (additional?.kind !== ts.SyntaxKind.FalseKeyword) return false;
  const properties = literalProperty(inner, 'properties');
  if (!properties) return true;
  if (!ts.isObjectLiteralExpression(properties)) return false;
  return properties.properties.every(
    (property) =>
      ts.isPropertyAssignment(property) && jsonSchemaIsClosed(checker, property.initializer, depth + 1),
  );
}

/** The value a call validates against a closed schema: `ajv.validate(schema, value)`, `check(value)` made by `ajv.compile(schema)`, `schema.validate(value)` of Joi. */
function validatedByCall(checker: ts.TypeChecker, call: ts.CallExpression): ts.Expression | undefined {
  const callee = skipOuter(call.expression);
  const [first, second] = call.arguments;
  if (!first) return undefined;
  if (ts.isPropertyAccessExpression(callee)) {
    const name = callee.name.text;
    const origin = packageOfValue(checker, callee.expression);
    if (origin === 'ajv' && name === 'validate' && second)
      return jsonSchemaIsClosed(checker, first) ? second : undefined;
    if (origin === 'joi' && /^(validate|validateAsync)$/.test(name))
      return joiSchemaIsClosed(checker, callee.expression) ? first : undefined;
    if (origin === 'joi' && /^(assert|attempt)$/.test(name) && second)
      return joiSchemaIsClosed(checker, second) ? first : undefined;
    return undefined;
  }
  const made = definition(checker, callee);
  if (!ts.isCallExpression(made)) return undefined;
  const maker = skipOuter(made.expression);
  if (
    ts.isPropertyAccessExpression(maker) &&
    maker.name.text === 'compile' &&
    packageOfValue(checker, maker.expression) === 'ajv' &&
    made.arguments[0] &&
    jsonSchemaIsClosed(checker, made.arguments[0])
  )
    return first;
  return undefined;
}

/**
 * What passing a schema validator proves: the value holds only the schema's keys, each a primitive, so
 * no query operator can hide in it. `check(value)` true, or `!result.error` for Joi's `validate`.
 */
export function schemaGuardFacts(
  checker: ts.TypeChecker,
  condition: ts.Expression,
  truth: boolean,
): GuardFact[] | undefined {
  const inner = skipOuter(condition);
  if (ts.isCallExpression(inner) && truth) {
    const target = validatedByCall(checker, inner);
    return target ? [{ fact: 'cleanFor', kinds: ['nosql'], target }] : undefined;
  }
  if (ts.isPropertyAccessExpression(inner) && inner.name.text === 'error' && !truth) {
    const result = definition(checker, inner.expression);
    const target = ts.isCallExpression(result) ? validatedByCall(checker, result) : undefined;
    return target ? [{ fact: 'cleanFor', kinds: ['nosql'], target }] : undefined;
  }
  return undefined;
}

/** `await schema.validateAsync(value)` and `Joi.assert(value, schema)` throw on bad input: after them the value is the schema's. */
export function narrowAfterAssertion(walk: WalkState, call: ts.CallExpression): void {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !/^(validateAsync|assert|attempt)$/.test(callee.name.text))
    return;
  if (callee.name.text === 'validateAsync' && !ts.isAwaitExpression(call.parent)) return;
  const target = validatedByCall(walk.checker, call);
  const key = target && referenceKey(walk.checker, target);
  const current = key && walk.environment.get(key);
  if (key && current) walk.environment.set(key, cleanedFor(current, ['nosql']));
}
