import ts from 'typescript';
import { objectLiteralOf, propertyOf, skipOuter } from '../file-facts.js';
import type { SinkCall, SinkUse } from './sink-use.js';

/**
 * Template engines' functions whose first argument is template source: the engine compiles it to
 * JavaScript (or evaluates its expressions), so a template string from outside is code injection.
 * Rendering a fixed template file with outside data (`renderFile`, `res.render`) is not listed.
 */
const templateSourceFunctions: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['pug', new Set(['compile', 'render', 'compileClient', 'compileClientWithDependenciesTracked'])],
  ['jade', new Set(['compile', 'render', 'compileClient'])],
  ['dot', new Set(['template', 'compile'])],
  ['ejs', new Set(['compile', 'render'])],
  ['nunjucks', new Set(['renderString', 'compile'])],
  ['lodash', new Set(['template'])],
  ['lodash.template', new Set(['*'])],
  ['lodash/template', new Set(['*'])],
  ['underscore', new Set(['template'])],
  ['handlebars', new Set(['compile', 'precompile'])],
  ['mustache', new Set(['render', 'parse'])],
  ['hogan.js', new Set(['compile'])],
  ['eta', new Set(['render', 'renderAsync', 'compile'])],
  ['squirrelly', new Set(['render', 'compile'])],
  ['art-template', new Set(['render', 'compile'])],
  ['velocityjs', new Set(['render'])],
  ['liquidjs', new Set(['parseAndRender', 'parseAndRenderSync', 'parse'])],
]);

/** What a function-valued option returns: the template a component's `template` callback hands back. */
function returnedValues(option: ts.Expression): ts.Expression[] {
  const inner = skipOuter(option);
  if (!ts.isFunctionExpression(inner) && !ts.isArrowFunction(inner)) return [inner];
  if (!ts.isBlock(inner.body)) return [inner.body];
  const values: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) values.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(inner.body, visit);
  return values;
}

/** Template source compiled by a template engine, and webix's `template` option of a view it builds. */
export function templateSinks({ callee, checker, first }: SinkCall): SinkUse[] | undefined {
  const { module, name, text } = callee;
  if (!module) return undefined;
  const names = templateSourceFunctions.get(module);
  if (names?.has(name) || (names?.has('*') && !callee.receiver))
    return [{ kind: 'code', value: first, label: `${text} (template source)` }];
  if (module === 'webix' && name === 'ui') {
    const template = propertyOf(objectLiteralOf(checker, first), 'template');
    return template
      ? returnedValues(template).map((value) => ({ kind: 'code', value, label: `${text} template` }))
      : undefined;
  }
  return undefined;
}
