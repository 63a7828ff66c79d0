import ts from 'typescript';
import { type FileFacts, objectLiteralOf, propertyOf, resolveCallee, skipOuter } from '../file-facts.js';
import type { SinkUse } from './sink-use.js';

/** Packages whose `$` tag runs a template as a command, quoting each interpolated value as one argument. */
const commandTagModules = new Set(['execa', 'zx']);

/** The options of a command tag (`$({ shell: true }).sync`), or undefined when the tag is not one. */
function commandTag(
  facts: FileFacts,
  tag: ts.Expression,
): { options: ts.Expression | undefined } | undefined {
  let current = skipOuter(tag);
  if (ts.isPropertyAccessExpression(current) && (current.name.text === 'sync' || current.name.text === 's'))
    current = skipOuter(current.expression);
  let options: ts.Expression | undefined;
  if (ts.isCallExpression(current)) {
    options = current.arguments[0];
    current = skipOuter(current.expression);
  }
  if (!ts.isIdentifier(current) && !ts.isPropertyAccessExpression(current)) return undefined;
  const callee = resolveCallee(facts, current);
  return callee?.module && commandTagModules.has(callee.module) && callee.name === '$'
    ? { options }
    : undefined;
}

/**
 * A command template: quoting keeps each value one argument, but a value in the program's place names
 * the program, and with the `shell` option every value is read by a shell.
 */
export function taggedCommandSinks(
  facts: FileFacts,
  checker: ts.TypeChecker,
  node: ts.TaggedTemplateExpression,
): SinkUse[] {
  const tag = commandTag(facts, node.tag);
  const template = node.template;
  if (!tag || !ts.isTemplateExpression(template)) return [];
  const label = `${node.tag.getText()} command`;
  const shell = propertyOf(objectLiteralOf(checker, tag.options), 'shell');
  if (shell && skipOuter(shell).kind !== ts.SyntaxKind.FalseKeyword)
    return template.templateSpans.map((span) => ({ kind: 'shell', value: span.expression, label }));
  const first = template.templateSpans[0];
  return first && template.head.text.trim() === '' ? [{ kind: 'shell', value: first.expression, label }] : [];
}
