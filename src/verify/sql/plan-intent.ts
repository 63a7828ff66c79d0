import { readFileSync } from 'node:fs';
import { parsePlanText } from '../../plan/parse-plan.js';
import type { VerifiedComponent } from '../check.js';

/** A sentence of the plan that says a thing exists once per parent: "one cart per user". */
export interface PlanIntent {
  /** The thing there is one of, as written: `cart`, `shopping cart`. */
  child: string;
  /** The parent: `user`. */
  parent: string;
  /** The words, as a finding quotes them. */
  quote: string;
  /** Absolute path of the plan file, and the 1-based line of the words. */
  planFile: string;
  line: number;
}

const single = String.raw`(?:one|a\s+single|exactly\s+one|at\s+most\s+one|only\s+one|no\s+more\s+than\s+one|a\s+unique)`;
const noun = String.raw`([a-z][a-z_-]*(?:\s+[a-z][a-z_-]*){0,2}?)`;
/** "one cart per user", "a single profile for each account". */
const perParent = new RegExp(
  String.raw`\b${single}\s+${noun}\s+(?:per|for\s+each|for\s+every|for\s+a|for\s+one|of\s+each)\s+([a-z][a-z_-]*)`,
  'gi',
);
/** "each user has one cart", "every account owns at most one profile". */
const parentHas = new RegExp(
  String.raw`\b(?:each|every)\s+([a-z][a-z_-]*)\s+(?:has|have|owns|gets|may\s+have|can\s+have)\s+${single}\s+${noun}\b`,
  'gi',
);

function strings(value: unknown, found: string[]): string[] {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, found);
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) strings(item, found);
  return found;
}

/** Every "one X per Y" the texts state. */
export function readPlanIntents(texts: readonly string[], planText: string, planFile: string): PlanIntent[] {
  const intents: PlanIntent[] = [];
  const lineOf = (quote: string): number => {
    const index = planText.indexOf(quote);
    return index === -1 ? 1 : planText.slice(0, index).split('\n').length;
  };
  for (const text of texts) {
    for (const match of text.matchAll(perParent)) {
      if (match[1] && match[2]) {
        intents.push({
          child: match[1],
          parent: match[2],
          quote: match[0],
          planFile,
          line: lineOf(match[0]),
        });
      }
    }
    for (const match of text.matchAll(parentHas)) {
      if (match[1] && match[2]) {
        intents.push({
          child: match[2],
          parent: match[1],
          quote: match[0],
          planFile,
          line: lineOf(match[0]),
        });
      }
    }
  }
  return intents;
}

/**
 * What the verified component's own words (title, acceptance criteria, edge cases, prompt) say is
 * one per parent. A plan that cannot be read gives none: reading the plan is `baton plan check`'s job.
 */
export function planIntentsOf(component: VerifiedComponent | undefined): PlanIntent[] {
  if (!component) return [];
  let planText: string;
  try {
    planText = readFileSync(component.planFile, 'utf8');
  } catch {
    return [];
  }
  const parsed = parsePlanText(planText, component.planFile);
  if (!parsed.success) return [];
  const entry = parsed.value.input.components.find((candidate) => candidate.id === component.id);
  const texts = entry ? strings(entry, []) : component.edgeCases.flatMap((edge) => [edge.case, edge.expect]);
  return readPlanIntents(texts, planText, component.planFile);
}
