import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { parsePlanText } from '../../../plan/parse-plan.js';
import type { VerifiedComponent } from '../../check.js';
import type { SinkKind } from './taint-value.js';

/** What a function promises its return value is, and where it says so: the value is then checked as that sink. */
export interface ReturnContract {
  kind: SinkKind;
  /** Where the promise is written, as a finding names it: `its JSDoc @returns`, `the plan's criterion "…"`. */
  source: string;
}

/** The words that name what text is, in the order they are asked: "SQL" before "URL" in "SQL … URL". */
const kindWords: readonly [RegExp, SinkKind][] = [
  [/\bSQL\b/i, 'sql'],
  [/\bHTML\b|\bmarkup\b/i, 'html'],
  [/\bshell\b|\bcommand[- ]line\b|\bcommand\b/i, 'shell'],
  [/\blog (line|message|entry|record)\b/i, 'log'],
  [/\bURL\b|\bURI\b/i, 'ssrf'],
];

/** The sink kind a description of a returned value names, if any. */
export function kindNamedBy(text: string): SinkKind | undefined {
  return kindWords.find(([words]) => words.test(text))?.[1];
}

/** `@returns {string} HTML for the card`: what the function's own JSDoc says it returns. */
export function jsDocContract(fn: ts.Node): ReturnContract | undefined {
  for (const tag of ts.getJSDocTags(fn)) {
    const name = tag.tagName.text;
    if (name !== 'returns' && name !== 'return') continue;
    const text = ts.getTextOfJSDocComment(tag.comment) ?? '';
    const kind = kindNamedBy(text);
    if (kind) return { kind, source: `its JSDoc @${name} says "${text.trim()}"` };
  }
  return undefined;
}

/** "`renderCard` returns the HTML of…", "buildQuery returns SQL text": a function name, then what it returns. */
const returnsSentence =
  /`?([A-Za-z_$][\w$]*)`?(?:\(\))?\s+(?:returns?|produces?|builds?|gives?)\s+([^.;]{1,80})/g;

function texts(value: unknown, found: string[]): string[] {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) for (const item of value) texts(item, found);
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) texts(item, found);
  return found;
}

/** Per function name, what the plan's words for a component promise it returns. */
export function contractsInTexts(sentences: readonly string[]): Map<string, ReturnContract> {
  const contracts = new Map<string, ReturnContract>();
  for (const sentence of sentences) {
    for (const match of sentence.matchAll(returnsSentence)) {
      const [quote, name, what] = match;
      const kind = what && kindNamedBy(what);
      if (name && kind && !contracts.has(name))
        contracts.set(name, { kind, source: `the plan says "${quote.trim()}"` });
    }
  }
  return contracts;
}

/**
 * What the verified component's acceptance criteria, edge cases and prompt promise its functions
 * return; none when there is no component or its plan cannot be read (that is `baton plan check`'s job).
 */
export function planContracts(component: VerifiedComponent | undefined): Map<string, ReturnContract> {
  if (!component) return new Map();
  let planText: string;
  try {
    planText = readFileSync(component.planFile, 'utf8');
  } catch {
    return new Map();
  }
  const parsed = parsePlanText(planText, component.planFile);
  if (!parsed.success) return new Map();
  const entry = parsed.value.input.components.find((candidate) => candidate.id === component.id);
  return contractsInTexts(entry ? texts(entry, []) : []);
}

/** The name a function is called by: its own, or the variable or property it is assigned to. */
export function functionName(fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name))
    return fn.name.text;
  let parent = fn.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent)))
    parent = parent.parent;
  if (
    parent &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) &&
    ts.isIdentifier(parent.name)
  )
    return parent.name.text;
  return undefined;
}

/** The contract of a function: its JSDoc first (for an arrow function, the JSDoc of its variable), then the plan. */
export function returnContract(
  fn: ts.SignatureDeclaration,
  plan: ReadonlyMap<string, ReturnContract>,
): ReturnContract | undefined {
  const own = jsDocContract(fn);
  if (own) return own;
  const holder = ts.isVariableDeclaration(fn.parent) ? fn.parent.parent.parent : undefined;
  const fromHolder = holder && ts.isVariableStatement(holder) ? jsDocContract(holder) : undefined;
  if (fromHolder) return fromHolder;
  const name = functionName(fn);
  return name === undefined ? undefined : plan.get(name);
}
