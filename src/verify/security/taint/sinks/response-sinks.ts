import { dirname, relative } from 'node:path';
import ts from 'typescript';
import {
  conventionalNames,
  expressionKnowledge,
  type ResponseKind,
  responseKindOfKnowledge,
} from '../../../recognise/index.js';
import { programOf } from '../checker-programs.js';
import {
  leadingText,
  objectLiteralOf,
  propertyNameText,
  propertyOf,
  shortText,
  skipOuter,
} from '../file-facts.js';
import { contentTypeAtSink } from './content-type.js';
import type { SinkCall, SinkUse } from './sink-use.js';
import { rawOutputs, viewFile } from './view-templates.js';

const nonHtmlType =
  /content-type['"`]?\s*[,:]\s*['"`](application\/json|text\/plain|application\/octet-stream|text\/csv)|\.type\(\s*['"`](json|text|txt|application\/json|text\/plain)['"`]|\.contentType\(/i;
const htmlType = /text\/html|\.type\(\s*['"`]html['"`]\)/i;
const headerMethods = ['setHeader', 'header', 'set', 'append'];

/** How a receiver is known to be a response: its declared type, or (untyped code) its name. */
export interface ResponseEvidence {
  kind: ResponseKind | 'by-name';
  /** Set when only the name says so. */
  inferred?: string;
}

function namedResponse(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  if (ts.isIdentifier(inner)) return conventionalNames.response.test(inner.text);
  if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression))
    return namedResponse(inner.expression.expression);
  if (ts.isPropertyAccessExpression(inner)) return /^(res|raw|response)$/.test(inner.name.text);
  return false;
}

/** Whether an expression is a response object (`res`, `reply`, `res.status(404)`, `ctx.res`), by type first. */
export function responseEvidence(
  checker: ts.TypeChecker,
  expression: ts.Expression,
): ResponseEvidence | undefined {
  const knowledge = expressionKnowledge(checker, expression);
  const kind = responseKindOfKnowledge(knowledge);
  if (kind) return { kind };
  if (knowledge.kind !== 'untyped') return undefined;
  if (namedResponse(expression)) {
    const inner = skipOuter(expression);
    const isContext = ts.isIdentifier(inner) && conventionalNames.context.test(inner.text);
    return {
      kind: isContext ? 'koa-context' : 'by-name',
      inferred: `\`${expression.getText()}\` is taken for a response by its name; it has no declared type`,
    };
  }
  const inner = skipOuter(expression);
  if (ts.isIdentifier(inner) && conventionalNames.context.test(inner.text))
    return {
      kind: inner.text === 'c' ? 'hono-context' : 'koa-context',
      inferred: `\`${inner.text}\` is taken for a request context by its name; it has no declared type`,
    };
  return undefined;
}

/** Whether an expression is a response object, by type or, in untyped code, by name. */
export function isResponseLike(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const evidence = responseEvidence(checker, expression);
  return evidence !== undefined && evidence.kind !== 'koa-context' && evidence.kind !== 'hono-context';
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

/**
 * `res.render(view, locals)`: the view's template escapes what it writes with `<%= %>` or `{{ }}`, so
 * a local is HTML only where the template writes it raw (`<%- output.searchTerm %>`). The template is
 * found by the view's constant name; a view it cannot find writes nothing this check can see.
 */
function renderedViewSinks({ call, checker, callArguments, first, callee }: SinkCall): SinkUse[] {
  const view = skipOuter(first);
  const program = programOf(checker);
  if (!program || !ts.isStringLiteralLike(view)) return [];
  const locals = objectLiteralOf(checker, callArguments[1]);
  if (!locals) return [];
  const template = viewFile(program, call.getSourceFile(), view.text);
  if (!template) return [];
  const folder = dirname(call.getSourceFile().fileName);
  return rawOutputs(template).flatMap((output) => {
    const value = propertyOf(locals, output.root);
    if (!value) return [];
    const where = relative(folder, output.file);
    // Reported at the local the template writes, which the call may list lines below its start.
    const use: SinkUse = {
      kind: 'html',
      value,
      at: value,
      label: `${callee.text} → ${where}:${output.line} ${output.text}`,
    };
    if (output.fields.length > 0) use.fields = output.fields;
    return [use];
  });
}

/** What a response or context method sends: a redirect target, headers, or a body read as HTML. */
function responseMethodSinks(sinkCall: SinkCall, evidence: ResponseEvidence): SinkUse[] {
  const { call, callee, callArguments, first, second } = sinkCall;
  const { name, text, receiver } = callee;
  if (!receiver) return [];
  const context = evidence.kind === 'koa-context' || evidence.kind === 'hono-context';
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
  if (name === 'render' && evidence.kind !== 'hono-context') return renderedViewSinks(sinkCall);
  if (context && name === 'html') return [{ kind: 'html', value: first, label: text }];
  if (context) return [];
  const isFastify =
    evidence.kind === 'fastify' || (evidence.kind === 'by-name' && /^(reply|rep)\b/.test(receiver.getText()));
  if (name === 'send' || name === 'write' || name === 'end') {
    const functionText = enclosingFunctionText(call);
    if (nonHtmlType.test(receiver.getText())) return [];
    // Where the handler's calls can be followed, the type set on every path to this write decides.
    const typeAtSink = contentTypeAtSink(sinkCall.checker, receiver, call);
    if (typeAtSink === 'not-markup' || (typeAtSink === 'unknown' && nonHtmlType.test(functionText)))
      return [];
    if (isFastify && !htmlType.test(functionText)) return [];
    const leading = leadingText(first);
    if (leading !== undefined && /^\s*[{[]/.test(leading) && !leading.includes('<')) return [];
    return [{ kind: 'html', value: first, label: text }];
  }
  return [];
}

/** HTML, redirects and headers: HTTP responses, Koa and Hono contexts, the DOM and the browser's location. */
export function responseSinks(sinkCall: SinkCall): SinkUse[] | undefined {
  const { callee, checker, facts, callArguments, first, second, receiverText } = sinkCall;
  const { module, name, receiver, text } = callee;
  const evidence = receiver ? responseEvidence(checker, receiver) : undefined;
  if (evidence) {
    const sinks = responseMethodSinks(sinkCall, evidence);
    if (sinks.length > 0) {
      const inferred = evidence.inferred;
      return inferred ? sinks.map((sink) => ({ ...sink, inferred })) : sinks;
    }
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
