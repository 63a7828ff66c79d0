import ts from 'typescript';
import { leadingText, propertyNameText, shortText, skipOuter } from '../file-facts.js';
import type { SinkCall, SinkUse } from './sink-use.js';

const nonHtmlType =
  /content-type['"`]?\s*[,:]\s*['"`](application\/json|text\/plain|application\/octet-stream|text\/csv)|\.type\(\s*['"`](json|text|txt|application\/json|text\/plain)['"`]|\.contentType\(/i;
const htmlType = /text\/html|\.type\(\s*['"`]html['"`]\)/i;
const headerMethods = ['setHeader', 'header', 'set', 'append'];

/** Whether an expression is a response object: `res`, `reply`, `res.status(404)`, `ctx.res`. */
export function isResponseLike(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  if (ts.isIdentifier(inner)) return /^(res|response|reply|resp|rep)$/.test(inner.text);
  if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression))
    return isResponseLike(inner.expression.expression);
  if (ts.isPropertyAccessExpression(inner)) return /^(res|raw|response)$/.test(inner.name.text);
  return false;
}

/** Koa's and Hono's context objects, which send responses themselves: `ctx.redirect`, `c.html`. */
function isContextLike(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  return ts.isIdentifier(inner) && /^(ctx|c|context)$/.test(inner.text);
}

function enclosingFunctionText(node: ts.Node): string {
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isFunctionLike(current) && !ts.isSourceFile(current)) current = current.parent;
  return current ? current.getText() : '';
}

/** A header's value: a redirect for `Location`, nothing for CORS headers, header injection otherwise. */
function headerSinks(name: ts.Expression, value: ts.Expression, label: string): SinkUse[] {
  const header = skipOuter(name);
  const headerName = ts.isStringLiteralLike(header) ? header.text.toLowerCase() : '';
  if (headerName === 'location') return [{ kind: 'redirect', value, label }];
  if (headerName.startsWith('access-control-')) return [];
  return [{ kind: 'header', value, label }];
}

/** What a response or context method sends: a redirect target, headers, or a body read as HTML. */
function responseMethodSinks({ call, callee, facts, callArguments, first, second }: SinkCall): SinkUse[] {
  const { name, text, receiver } = callee;
  if (!receiver) return [];
  const context = isContextLike(receiver);
  if (name === 'redirect') {
    const target = second && ts.isNumericLiteral(skipOuter(first)) ? second : first;
    return [{ kind: 'redirect', value: target, label: text }];
  }
  if (headerMethods.includes(name) && second) return headerSinks(first, second, text);
  if (name === 'writeHead') {
    const headers = callArguments.find((argument) => ts.isObjectLiteralExpression(skipOuter(argument)));
    if (!headers) return [];
    return (skipOuter(headers) as ts.ObjectLiteralExpression).properties.flatMap((property) => {
      if (!ts.isPropertyAssignment(property)) return [];
      const header = propertyNameText(property.name) ?? '';
      return headerSinks(ts.factory.createStringLiteral(header), property.initializer, text);
    });
  }
  if (context && name === 'html') return [{ kind: 'html', value: first, label: text }];
  if (context) return [];
  const isFastify = /^(reply|rep)/.test(shortText(receiver, facts.sourceFile));
  if (name === 'send' || name === 'write' || name === 'end') {
    const functionText = enclosingFunctionText(call);
    if (nonHtmlType.test(functionText) || nonHtmlType.test(receiver.getText())) return [];
    if (isFastify && !htmlType.test(functionText)) return [];
    const leading = leadingText(first);
    if (leading !== undefined && /^\s*[{[]/.test(leading) && !leading.includes('<')) return [];
    return [{ kind: 'html', value: first, label: text }];
  }
  return [];
}

/** HTML, redirects and headers: HTTP responses, Koa and Hono contexts, the DOM and the browser's location. */
export function responseSinks(sinkCall: SinkCall): SinkUse[] | undefined {
  const { callee, facts, callArguments, first, second, receiverText } = sinkCall;
  const { module, name, receiver, text } = callee;
  if (receiver && (isResponseLike(receiver) || isContextLike(receiver))) {
    const sinks = responseMethodSinks(sinkCall);
    if (sinks.length > 0) return sinks;
  }
  if (
    (receiverText === 'document' || receiverText === 'window.document') &&
    (name === 'write' || name === 'writeln')
  )
    return callArguments.map((value) => ({ kind: 'html', value, label: `document.${name}` }));
  if (name === 'insertAdjacentHTML' && second) return [{ kind: 'html', value: second, label: text }];
  if (name === 'createContextualFragment' || name === 'setHTMLUnsafe' || name === 'parseHTMLUnsafe')
    return [{ kind: 'html', value: first, label: text }];
  if (
    name === 'html' &&
    receiver &&
    ts.isCallExpression(skipOuter(receiver)) &&
    /^(\$|jQuery)$/.test(shortText((skipOuter(receiver) as ts.CallExpression).expression, facts.sourceFile))
  )
    return [{ kind: 'html', value: first, label: text }];
  if (module === 'hono/html' && name === 'raw') return [{ kind: 'html', value: first, label: 'raw' }];
  if (
    receiver &&
    (receiverText === 'location' || receiverText === 'window.location') &&
    (name === 'assign' || name === 'replace')
  )
    return [{ kind: 'redirect', value: first, label: text }];
  if (receiver && name === 'redirect' && /^(Response|NextResponse)$/.test(receiverText))
    return [{ kind: 'redirect', value: first, label: text }];
  if (receiver && name === 'set' && /headers$/i.test(receiverText) && second)
    return headerSinks(first, second, text);
  return undefined;
}

/** The sink an assignment feeds: `element.innerHTML = …`, `ctx.body = …`, `location.href = …`. */
export function assignmentSink(
  target: ts.Expression,
  sourceFile: ts.SourceFile,
): Omit<SinkUse, 'value'> | undefined {
  const inner = skipOuter(target);
  if (!ts.isPropertyAccessExpression(inner)) {
    if (ts.isIdentifier(inner) && inner.text === 'location') return { kind: 'redirect', label: 'location' };
    return undefined;
  }
  const name = inner.name.text;
  const objectText = shortText(inner.expression, sourceFile);
  if (name === 'innerHTML' || name === 'outerHTML') return { kind: 'html', label: `${objectText}.${name}` };
  if (name === 'body' && /^(ctx|context)$/.test(objectText)) {
    const functionText = enclosingFunctionText(inner);
    if (/ctx\.type\s*=\s*['"`](json|text|application\/json|text\/plain)/.test(functionText)) return undefined;
    return { kind: 'html', label: `${objectText}.body` };
  }
  if (
    (name === 'href' && /^(window\.)?location$/.test(objectText)) ||
    (name === 'location' && /^(window|document)$/.test(objectText))
  )
    return { kind: 'redirect', label: `${objectText}.${name}` };
  return undefined;
}
