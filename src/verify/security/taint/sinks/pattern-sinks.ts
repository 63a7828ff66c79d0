import ts from 'typescript';
import { literalParts, objectLiteralOf, propertyOf, skipOuter } from '../file-facts.js';
import type { SinkCall, SinkUse } from './sink-use.js';

const xpathFunctions = ['select', 'select1', 'evaluate', 'parse', 'useNamespaces'];

/** LDAP filters: ldapjs's parseFilter, and the filter of a directory search. */
export function ldapSinks({
  callee,
  facts,
  checker,
  first,
  second,
  receiverText,
}: SinkCall): SinkUse[] | undefined {
  const { module, name, receiver, text } = callee;
  if (name === 'parseFilter' && (module === 'ldapjs' || /ldap/i.test(receiverText)))
    return [{ kind: 'ldap', value: first, label: text }];
  if (receiver && name === 'search') {
    const filter = propertyOf(objectLiteralOf(checker, second), 'filter');
    const ldapLike =
      /ldap/i.test(receiverText) ||
      module === 'ldapjs' ||
      facts.modules.has('ldapjs') ||
      facts.modules.has('ldapts') ||
      (filter !== undefined && literalParts(filter).some((part) => part.includes('(') && part.includes('=')));
    if (ldapLike) {
      const uses: SinkUse[] = [{ kind: 'ldap', value: first, label: text }];
      if (filter) uses.push({ kind: 'ldap', value: filter, label: text });
      return uses;
    }
  }
  return undefined;
}

/** Regular expressions built from text: `new RegExp(text)`, and strings passed where a pattern goes. */
export function regexpSinks({ callee, checker, first }: SinkCall): SinkUse[] | undefined {
  const { name, receiver } = callee;
  if (!receiver && name === 'RegExp') return [{ kind: 'regexp', value: first, label: 'RegExp' }];
  if (receiver && (name === 'match' || name === 'matchAll' || name === 'search')) {
    // Only a string's own match/search compiles its argument; an untyped receiver may be a string too.
    const receiverType = checker.getTypeAtLocation(receiver);
    const stringOrUntyped =
      (checker.getNonNullableType(receiverType).flags &
        (ts.TypeFlags.StringLike | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !==
      0;
    if (!stringOrUntyped) return undefined;
    const argument = skipOuter(first);
    const type = checker.getTypeAtLocation(argument);
    if (
      !ts.isRegularExpressionLiteral(argument) &&
      !ts.isNewExpression(argument) &&
      !(type.getSymbol()?.name === 'RegExp')
    )
      return [{ kind: 'regexp', value: first, label: `String.${name}` }];
    return [];
  }
  return undefined;
}

/** XPath expressions: the xpath packages, and evaluate or find on XML documents. */
export function xpathSinks({ callee, first, receiverText }: SinkCall): SinkUse[] | undefined {
  const { module, name, receiver, text } = callee;
  if (
    module === 'xpath' ||
    module === 'xpath-ts' ||
    ((name === 'evaluate' || name === 'select') && /doc|xpath|xml|dom/i.test(receiverText))
  ) {
    if (xpathFunctions.includes(name)) return [{ kind: 'xpath', value: first, label: text }];
  }
  if (
    receiver &&
    (name === 'find' || name === 'get') &&
    /xml|libxml/i.test(receiverText) &&
    ts.isStringLiteralLike(skipOuter(first)) === false
  )
    return [{ kind: 'xpath', value: first, label: text }];
  return undefined;
}
