import { resolve } from 'node:path';
import type { PlannedEdgeCase, VerifiedComponent } from '../check.js';
import type { DeclaredTest } from './discover-tests.js';
import { isMatch, type Overlap, overlap, significantWords } from './word-overlap.js';

/** How an edge case was tied to a test, or why it was not. */
export interface EdgeCaseTrace {
  edgeCase: PlannedEdgeCase;
  /** 1-based position in the component's list, the `#n` a `covers:` tag may use. */
  number: number;
  test: DeclaredTest | undefined;
  how: 'plan' | 'covers-tag' | 'words' | undefined;
  /** The word overlap with the chosen test, or with the closest test when none matched. */
  overlap: Overlap | undefined;
  /** The closest test when none matched, for the finding's hint. */
  closest: DeclaredTest | undefined;
  /** Set when the plan names a test that does not exist. */
  missingPlannedTest: string | undefined;
}

/** The texts of `covers: …` tags in a test name; several are separated by `;`. */
export function coversTags(name: string): string[] {
  const tags: string[] = [];
  for (const match of name.matchAll(/\bcovers?:\s*([^)\]]+)/gi))
    for (const part of (match[1] ?? '').split(';')) if (part.trim() !== '') tags.push(part.trim());
  return tags;
}

/**
 * How well a test name matches an edge case: by the words of the situation (`case`); the words of
 * the expected outcome only break ties between tests that match the situation equally.
 */
function bestOverlap(
  edgeCase: PlannedEdgeCase,
  name: string,
): { result: Overlap; size: number; tieBreak: number } {
  const situation = significantWords(edgeCase.case);
  const testWords = significantWords(name);
  return {
    result: overlap(situation, testWords),
    size: situation.size,
    tieBreak: overlap(significantWords(edgeCase.expect), testWords).score,
  };
}

/**
 * Which edge cases a tag names: `prices#2` (edge case 2 of component `prices`), `#2` (of whichever
 * component is verified), or words of one edge case's text.
 */
function taggedNumbers(tag: string, component: VerifiedComponent): number[] {
  const edgeCases = component.edgeCases;
  const ids = [...tag.matchAll(/(?:\b([a-z0-9][a-z0-9-]*))?#(\d+)\b/gi)];
  if (ids.length > 0)
    return ids
      .filter((match) => match[1] === undefined || match[1] === component.id)
      .map((match) => Number(match[2]))
      .filter((id) => id >= 1 && id <= edgeCases.length);
  const tagWords = significantWords(tag);
  let best: { number: number; score: number } | undefined;
  for (const [index, edgeCase] of edgeCases.entries()) {
    const text = `${edgeCase.case} ${edgeCase.expect}`.toLowerCase();
    const score = text.includes(tag.toLowerCase()) ? 1 : overlap(tagWords, significantWords(text)).score;
    if (score >= 0.6 && (!best || score > best.score)) best = { number: index + 1, score };
  }
  return best ? [best.number] : [];
}

function plannedTest(
  reference: string,
  component: VerifiedComponent,
  edgeCase: PlannedEdgeCase,
  tests: readonly DeclaredTest[],
): DeclaredTest | undefined {
  const [filePart = '', ...nameParts] = reference.split(' > ');
  const file = resolve(component.planRoot, filePart.trim());
  const name = nameParts.join(' > ').trim();
  const inFile = tests.filter((test) => test.file === file);
  if (name)
    return inFile.find(
      (test) => test.fullName === name || test.title === name || test.fullName.endsWith(` > ${name}`),
    );
  return [...inFile].sort(
    (left, right) =>
      bestOverlap(edgeCase, right.fullName).result.score - bestOverlap(edgeCase, left.fullName).result.score,
  )[0];
}

/**
 * Ties each edge case of a component to the test that covers it: the test the plan names, else a
 * test whose title carries a `covers:` tag for it, else the test whose name shares the most words
 * with it, when it shares at least half of them (and two or more).
 */
export function traceEdgeCases(
  component: VerifiedComponent,
  tests: readonly DeclaredTest[],
): EdgeCaseTrace[] {
  const tagged = new Map<number, DeclaredTest>();
  for (const test of tests)
    for (const tag of coversTags(test.fullName))
      for (const number of taggedNumbers(tag, component)) if (!tagged.has(number)) tagged.set(number, test);
  return component.edgeCases.map((edgeCase, index) => {
    const number = index + 1;
    const base = { edgeCase, number, closest: undefined, missingPlannedTest: undefined };
    if (edgeCase.test) {
      const test = plannedTest(edgeCase.test, component, edgeCase, tests);
      if (test) return { ...base, test, how: 'plan', overlap: bestOverlap(edgeCase, test.fullName).result };
      return {
        ...base,
        test: undefined,
        how: undefined,
        overlap: undefined,
        missingPlannedTest: edgeCase.test,
      };
    }
    const byTag = tagged.get(number);
    if (byTag)
      return {
        ...base,
        test: byTag,
        how: 'covers-tag',
        overlap: bestOverlap(edgeCase, byTag.fullName).result,
      };
    let best: { test: DeclaredTest; result: Overlap; size: number; tieBreak: number } | undefined;
    for (const test of tests) {
      const candidate = { test, ...bestOverlap(edgeCase, test.fullName) };
      if (
        !best ||
        candidate.result.score > best.result.score ||
        (candidate.result.score === best.result.score && candidate.tieBreak > best.tieBreak)
      )
        best = candidate;
    }
    if (best && isMatch(best.result, best.size))
      return { ...base, test: best.test, how: 'words', overlap: best.result };
    return { ...base, test: undefined, how: undefined, overlap: best?.result, closest: best?.test };
  });
}
