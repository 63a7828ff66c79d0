import ts from 'typescript';
import { objectLiteralOf, propertyOf, skipOuter } from '../file-facts.js';
import { packageOfValue } from '../package-values.js';
import { assignedFields } from './assigned-fields.js';
import type { SinkCall, SinkUse } from './sink-use.js';

const httpClientMethods = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'request', 'options']);
const httpClients = new Set([
  'axios',
  'got',
  'node-fetch',
  'undici',
  'superagent',
  'needle',
  'ky',
  'request',
  'request-promise',
  'request-promise-native',
  'phin',
]);
/** Packages driving a browser (or its DevTools protocol) and the method that loads a page in it. */
const browserNavigations = new Map([
  ['chrome-remote-interface', 'navigate'],
  ['puppeteer', 'goto'],
  ['puppeteer-core', 'goto'],
  ['playwright', 'goto'],
  ['playwright-core', 'goto'],
]);
/** Packages that drive a browser on the server. */
const browserPackages = new Set(['puppeteer', 'puppeteer-core', 'playwright', 'playwright-core']);
/** Page methods that run a string as script in the page (a function passed instead is the project's own code). */
const pageScriptMethods = new Set(['evaluate', 'evaluateHandle', 'evaluateOnNewDocument', 'addInitScript']);
/** Constructors and loaders that open a connection to the URL they are given. */
const connectingConstructors = new Set(['WebSocket', 'EventSource']);

const destinationFields = ['url', 'host', 'hostname', 'baseURL', 'uri'];

/** Where a request goes: the URL itself, or the URL and host properties of an options object, set in it or later. */
function urlArgument(first: ts.Expression, checker: ts.TypeChecker): ts.Expression[] {
  const object = objectLiteralOf(checker, first);
  const assigned = assignedFields(checker, first, destinationFields);
  if (!object) return [first, ...assigned];
  return [
    ...destinationFields.flatMap((name) => {
      const value = propertyOf(object, name);
      return value ? [value] : [];
    }),
    ...assigned,
  ];
}

/** Outgoing requests (SSRF): fetch, the HTTP client packages, Node's http modules. */
export function requestSinks({
  callee,
  checker,
  facts,
  first,
  second,
  receiverText,
}: SinkCall): SinkUse[] | undefined {
  const { module, name, receiver, text } = callee;
  if (
    !receiver &&
    name === 'fetch' &&
    (!module || module === 'node-fetch' || module === 'undici' || module === 'cross-fetch')
  )
    return urlArgument(first, checker).map((value) => ({ kind: 'ssrf', value, label: 'fetch' }));
  if (module && httpClients.has(module) && (!receiver || httpClientMethods.has(name)))
    return urlArgument(first, checker).map((value) => ({ kind: 'ssrf', value, label: text }));
  // `new WebSocket(url)` (the global or the ws package), `JSDOM.fromURL(url)`: a connection to the URL given.
  if (!module && !receiver && connectingConstructors.has(name))
    return [{ kind: 'ssrf', value: first, label: name }];
  if (module === 'ws' && (name === '*' || name === 'default' || name === 'WebSocket' || !receiver))
    return [{ kind: 'ssrf', value: first, label: text }];
  const receiverModule = module ?? facts.imports.get(receiverText)?.module;
  const made = receiver && packageOfValue(checker, receiver);
  if (made && browserNavigations.get(made) === name)
    return urlArgument(first, checker).map((value) => ({ kind: 'ssrf', value, label: text }));
  // HTML a server-side browser renders fetches every URL it names, from the server's network.
  if (made && browserPackages.has(made) && name === 'setContent')
    return [{ kind: 'ssrf', value: first, label: `${text} (HTML the browser loads)` }];
  if (
    made &&
    browserPackages.has(made) &&
    pageScriptMethods.has(name) &&
    !ts.isFunctionLike(skipOuter(first))
  )
    return [{ kind: 'code', value: first, label: text }];
  // wkhtmltopdf and wkhtmltoimage take a URL, or HTML, to render.
  if ((module === 'wkhtmltopdf' && !receiver) || (module === 'wkhtmltoimage' && name === 'generate'))
    return [{ kind: 'ssrf', value: first, label: text }];
  // Closure's XhrIo sends a request to the URL given, from the class or an instance.
  if (made === 'goog.net.XhrIo' && name === 'send') return [{ kind: 'ssrf', value: first, label: text }];
  if (receiverModule === 'jsdom' && name === 'fromURL') return [{ kind: 'ssrf', value: first, label: text }];
  if (
    (module === 'http' || module === 'https' || module === 'http2') &&
    (name === 'get' || name === 'request' || name === 'connect')
  ) {
    // `http.get(url, { host })`: options after the URL override where the request goes.
    const options = second && objectLiteralOf(checker, second) ? urlArgument(second, checker) : [];
    return [...urlArgument(first, checker), ...options].map((value) => ({
      kind: 'ssrf',
      value,
      label: `${module}.${name}`,
    }));
  }
  return undefined;
}
