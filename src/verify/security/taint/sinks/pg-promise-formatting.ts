import ts from 'typescript';
import { objectLiteralOf, propertyOf, skipOuter } from '../file-facts.js';
import type { SinkUse } from './sink-use.js';

/**
 * pg-promise formats a query's values into its text itself. A plain placeholder (`$1`, `${name}`) is
 * escaped as a literal, but `:raw` / `^` inserts the value as it is, and `:value` / `#` escapes quotes
 * without adding them: safe only inside a single-quoted SQL string.
 */
export interface RawPlaceholder {
  /** 0-based index for `$1`…, or the property name for `${name}`, `$(name)`, `$<name>`, `$[name]`, `$/name/`. */
  key: number | string;
  /** `raw` inserts text unchanged; `value` escapes quotes but adds none. */
  modifier: 'raw' | 'value';
  /** Where the placeholder starts in the text. */
  offset: number;
}

const modifierPattern = String.raw`(?::(raw|value|name|alias|json|csv|list)\b|([\^#~]))?`;
const indexed = new RegExp(String.raw`\$(\d+)${modifierPattern}`, 'g');
const named = new RegExp(
  String.raw`\$(?:\{([\w.$]+)${modifierPattern}\}|\(([\w.$]+)${modifierPattern}\)|<([\w.$]+)${modifierPattern}>|\[([\w.$]+)${modifierPattern}\]|\/([\w.$]+)${modifierPattern}\/)${modifierPattern}`,
  'g',
);

function modifierOf(word: string | undefined, symbol: string | undefined): 'raw' | 'value' | undefined {
  if (word === 'raw' || symbol === '^') return 'raw';
  if (word === 'value' || symbol === '#') return 'value';
  return undefined;
}

/** Whether an offset of SQL text lies inside a single-quoted string (an odd number of quotes before it). */
function insideSingleQuotes(text: string, offset: number): boolean {
  return (text.slice(0, offset).match(/'/g)?.length ?? 0) % 2 === 1;
}

/** The placeholders of a query text that put a value in without quoting it. */
export function rawPlaceholders(text: string): RawPlaceholder[] {
  const found: RawPlaceholder[] = [];
  const add = (key: number | string, modifier: 'raw' | 'value' | undefined, offset: number): void => {
    if (!modifier) return;
    if (modifier === 'value' && insideSingleQuotes(text, offset)) return;
    found.push({ key, modifier, offset });
  };
  for (const match of text.matchAll(indexed))
    add(Number(match[1]) - 1, modifierOf(match[2], match[3]), match.index ?? 0);
  for (const match of text.matchAll(named)) {
    const groups = match.slice(1);
    // Five bracket styles, each a name and an inner modifier (word or symbol), then an outer modifier.
    for (let style = 0; style < 5; style += 1) {
      const name = groups[style * 3];
      if (name === undefined) continue;
      const modifier =
        modifierOf(groups[style * 3 + 1], groups[style * 3 + 2]) ?? modifierOf(groups[15], groups[16]);
      add(name, modifier, match.index ?? 0);
    }
  }
  return found;
}

/** The text of a query when the code writes it as one constant. */
function constantText(checker: ts.TypeChecker, expression: ts.Expression): string | undefined {
  const inner = skipOuter(expression);
  if (ts.isStringLiteralLike(inner)) return inner.text;
  if (ts.isIdentifier(inner)) {
    const declaration = checker.getSymbolAtLocation(inner)?.valueDeclaration;
    if (
      declaration &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer &&
      ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const
    ) {
      const initializer = skipOuter(declaration.initializer);
      if (ts.isStringLiteralLike(initializer)) return initializer.text;
    }
  }
  return undefined;
}

/** The expression a placeholder reads: an array element, an object's property, or a lone value as `$1`. */
function valueFor(
  checker: ts.TypeChecker,
  values: ts.Expression,
  key: number | string,
): ts.Expression | undefined {
  const inner = skipOuter(values);
  if (ts.isArrayLiteralExpression(inner)) {
    if (typeof key !== 'number') return undefined;
    const element = inner.elements[key];
    return element && !ts.isSpreadElement(element) ? element : inner;
  }
  const object = objectLiteralOf(checker, inner);
  if (object)
    return typeof key === 'string' ? (propertyOf(object, key.split('.')[0] ?? key) ?? object) : object;
  // A value that is neither array nor object is the query's only parameter, `$1`.
  return key === 0 || typeof key === 'string' ? inner : undefined;
}

/**
 * The sinks of a pg-promise query call: its text, and each value a raw or open placeholder inserts.
 * Takes `(text, values)` and `({ text, values })`.
 */
export function pgPromiseQuerySinks(
  checker: ts.TypeChecker,
  callArguments: readonly ts.Expression[],
  label: string,
): SinkUse[] {
  const [first, second] = callArguments;
  if (!first) return [];
  const queryObject = objectLiteralOf(checker, first);
  const textExpression = (queryObject && propertyOf(queryObject, 'text')) ?? first;
  const values = queryObject ? propertyOf(queryObject, 'values') : second;
  const uses: SinkUse[] = [{ kind: 'sql', value: textExpression, label }];
  const text = constantText(checker, textExpression);
  if (!values || text === undefined) return uses;
  for (const placeholder of rawPlaceholders(text)) {
    const value = valueFor(checker, values, placeholder.key);
    const how = placeholder.modifier === 'raw' ? 'raw' : 'unquoted :value';
    if (value) uses.push({ kind: 'sql', value, label: `${label} (${how} placeholder)` });
  }
  return uses;
}
