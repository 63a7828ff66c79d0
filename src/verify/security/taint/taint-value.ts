/** The kinds of dangerous operation a tainted value can reach; each maps to one rule and CWE. */
export const sinkKinds = [
  'sql',
  'shell',
  'path',
  'html',
  'redirect',
  'code',
  'deserialization',
  'ssrf',
  'regexp',
  'xpath',
  'ldap',
  'nosql',
  'log',
  'header',
  'prototype',
] as const;
export type SinkKind = (typeof sinkKinds)[number];

/**
 * Where outside data enters: a request (HTTP frameworks), the command line, the environment, the
 * browser's location, or a parameter of an exported function (library mode).
 */
export type OriginCategory = 'request' | 'argv' | 'env' | 'browser' | 'parameter';

export interface TaintOrigin {
  category: OriginCategory;
  /** What the source is, such as `req.query.name` or `parameter name of findUser`. */
  label: string;
  /** For parameter origins: the function and the parameter's position, to map summaries onto calls. */
  parameterIndex?: number;
  functionName?: string;
  /**
   * The property this taint stands for: of the argument, for a destructured parameter seeded property
   * by property; of `this`, for a field read in a method (parameter index -1).
   */
  field?: string;
  /** Set when the source was recognised by a name only, in untyped code: why it was taken for one. */
  inferred?: string;
}

/** One hop of a taint path, as the message shows it: `name (line 6)`. */
export interface TaintStep {
  label: string;
  line: number;
}

/** One way a value is tainted: its origin, the path it took and what it went through on the way. */
export interface Taint {
  origin: TaintOrigin;
  steps: readonly TaintStep[];
  /** Embedded into a larger string (concatenation, template, join): the shape of an injection. */
  combined: boolean;
  /** Passed through path.resolve, normalize or join, so that a prefix check afterwards means something. */
  normalised: boolean;
  /** Held inside an object or array rather than being the value itself. */
  container: boolean;
  /** Passed through a runtime validator (zod, a typed parameter), so its static type can be trusted. */
  typed: boolean;
  /** Sink kinds this value has been made safe for (escaped, allow-listed, checked). */
  cleanFor: ReadonlySet<SinkKind>;
  /** Starts with `/`, as a request's own path does: after a fixed host it cannot move the request elsewhere. */
  rootedPath?: boolean;
  /**
   * One path segment (a base name): it names an entry of the folder it is put in, and of the working
   * folder when it is a path on its own (`.env`).
   */
  segment?: boolean;
}

/** Every way a value is tainted; empty means clean. */
export type Tainted = readonly Taint[];

export const clean: Tainted = [];
const noKinds: ReadonlySet<SinkKind> = new Set();
const maxTaintsPerValue = 4;

function originKey(origin: TaintOrigin): string {
  return `${origin.category}:${origin.label}:${origin.parameterIndex ?? ''}:${origin.field ?? ''}`;
}

export function sourceTaint(origin: TaintOrigin, line: number, typed = false, rootedPath = false): Taint {
  const taint: Taint = {
    origin,
    steps: [{ label: origin.label, line }],
    combined: false,
    normalised: false,
    container: false,
    typed,
    cleanFor: noKinds,
  };
  if (rootedPath) taint.rootedPath = true;
  return taint;
}

/** Both values' taints, one per origin, so that a value never drags an unbounded list along. */
export function union(...values: Tainted[]): Tainted {
  const nonEmpty = values.filter((value) => value.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? clean;
  const byOrigin = new Map<string, Taint>();
  for (const value of nonEmpty) {
    for (const taint of value) {
      const key = originKey(taint.origin);
      const known = byOrigin.get(key);
      if (known) byOrigin.set(key, weaker(known, taint));
      else if (byOrigin.size < maxTaintsPerValue) byOrigin.set(key, taint);
    }
  }
  return [...byOrigin.values()];
}

/** Two ways one origin reaches a value (a cleaned branch and a raw one): only what both guarantee holds. */
function weaker(first: Taint, second: Taint): Taint {
  if (first === second) return first;
  const merged: Taint = {
    ...first,
    combined: first.combined || second.combined,
    normalised: first.normalised && second.normalised,
    container: first.container && second.container,
    typed: first.typed && second.typed,
    cleanFor: new Set([...first.cleanFor].filter((kind) => second.cleanFor.has(kind))),
  };
  if (!(first.rootedPath && second.rootedPath)) delete merged.rootedPath;
  if (!(first.segment && second.segment)) delete merged.segment;
  return merged;
}

export function mapTaint(value: Tainted, change: (taint: Taint) => Taint): Tainted {
  return value.length === 0 ? value : value.map(change);
}

export function withStep(value: Tainted, label: string, line: number): Tainted {
  return mapTaint(value, (taint) => {
    const last = taint.steps[taint.steps.length - 1];
    if (last && last.label === label) return taint;
    return { ...taint, steps: [...taint.steps, { label: shorten(label), line }].slice(-12) };
  });
}

export function withFlags(value: Tainted, flags: Partial<Omit<Taint, 'origin' | 'steps'>>): Tainted {
  return mapTaint(value, (taint) => ({ ...taint, ...flags }));
}

export function cleanedFor(value: Tainted, kinds: readonly SinkKind[]): Tainted {
  if (kinds.length === 0) return value;
  return mapTaint(value, (taint) => ({ ...taint, cleanFor: new Set([...taint.cleanFor, ...kinds]) }));
}

/** A taint that went through a call: the argument's path, the call, then the callee's path to its sink. */
export function compose(argument: Taint, inner: Taint, callLabel: string, callLine: number): Taint {
  const composed: Taint = {
    origin: argument.origin,
    steps: [...argument.steps, { label: callLabel, line: callLine }, ...inner.steps].slice(-14),
    combined: argument.combined || inner.combined,
    normalised: argument.normalised || inner.normalised,
    container: inner.container,
    typed: argument.typed && inner.typed,
    cleanFor: new Set([...argument.cleanFor, ...inner.cleanFor]),
  };
  if (inner.segment) composed.segment = true;
  return composed;
}

/** A value put after a folder (`uploads + '/' + name`, `path.join(uploads, name)`): a segment in it stays inside. */
export function placedInFolder(value: Tainted): Tainted {
  if (!value.some((taint) => taint.segment)) return value;
  return mapTaint(value, (taint) => {
    if (!taint.segment) return taint;
    const { segment: _placed, ...rest } = taint;
    return { ...rest, cleanFor: new Set([...taint.cleanFor, 'path']) };
  });
}

export function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 48 ? `${oneLine.slice(0, 45)}...` : oneLine;
}

/** The path as a message shows it: `req.query.name (line 4) → name → sql (line 6) → pool.query (line 7)`. */
export function describePath(steps: readonly TaintStep[]): string {
  const parts: string[] = [];
  let previousLine = -1;
  for (const step of steps) {
    parts.push(step.line === previousLine ? step.label : `${step.label} (line ${step.line})`);
    previousLine = step.line;
  }
  return parts.join(' → ');
}
