import ts from 'typescript';
import { skipOuter } from './file-facts.js';

/** A comparison against a placeholder in SQL text: `name = ?`, `id IN ($1)`, `email LIKE :pattern`. */
const placeholderComparison = /(=|<>|\b(in|like)\b)\s*\(?\s*(\?|\$\d+|:[A-Za-z_]\w*)/i;

/**
 * Whether a call hands its values to a database as bound parameters: one argument is constant SQL text
 * with placeholders, and the values travel in array or object literals beside it. What such a call
 * returns is stored rows, not a transform of those values.
 */
export function bindsQueryValues(call: ts.CallExpression): boolean {
  const texts = call.arguments.filter((argument) => ts.isStringLiteralLike(skipOuter(argument)));
  if (!texts.some((text) => placeholderComparison.test((skipOuter(text) as ts.StringLiteralLike).text)))
    return false;
  return call.arguments.some((argument) => {
    const inner = skipOuter(argument);
    return ts.isArrayLiteralExpression(inner) || ts.isObjectLiteralExpression(inner);
  });
}
