import type ts from 'typescript';
import { decoratedRead } from './request-decorations.js';
import { kindsSafeByRequestPart } from './request-parsers.js';
import { matchSource, type SourceMatch } from './sources.js';
import { cleanedFor, type SinkKind, sourceTaint, type Tainted } from './taint-value.js';
import type { WalkState } from './walk-state.js';

/** What a header value is safe for from the start: no CR, LF or control character gets past the parser into it. */
const headerSafeFor: readonly SinkKind[] = ['log'];

/** The taint an expression starts when it is itself a source (request data, environment), if it is one. */
export function taintOfSource(walk: WalkState, node: ts.Expression): Tainted | undefined {
  const source =
    matchSource(walk.checker, node, { envSources: walk.hooks.envSources }) ?? decoratedSource(walk, node);
  if (!source) return undefined;
  const origin = {
    category: source.category,
    label: source.label,
    ...(source.inferred ? { inferred: source.inferred } : {}),
  };
  const tainted = [sourceTaint(origin, walk.line(node), source.typed, source.rootedPath === true)];
  const safeFor = [
    ...(source.headerValue ? headerSafeFor : []),
    ...(source.category === 'request' ? kindsSafeByRequestPart(walk.checker, node) : []),
  ];
  return safeFor.length > 0 ? cleanedFor(tainted, safeFor) : tainted;
}

/** A field a hook or middleware stored client data in, read off the request or response later. */
function decoratedSource(walk: WalkState, node: ts.Expression): SourceMatch | undefined {
  const read = decoratedRead(walk.checker, node);
  if (!read) return undefined;
  return {
    category: 'request',
    label: read.label,
    typed: false,
    ...(read.inferred ? { inferred: read.inferred } : {}),
  };
}
