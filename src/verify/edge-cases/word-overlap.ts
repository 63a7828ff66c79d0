/** Words that say nothing about which situation a sentence is about. */
const stopWords = new Set([
  'a',
  'an',
  'the',
  'of',
  'to',
  'in',
  'on',
  'for',
  'with',
  'and',
  'or',
  'is',
  'are',
  'be',
  'it',
  'its',
  'when',
  'then',
  'should',
  'must',
  'that',
  'this',
  'as',
  'at',
  'by',
  'from',
  'has',
  'have',
  'does',
  'do',
  'if',
  'given',
  'case',
  'test',
  'covers',
]);

/** A word reduced to a rough stem, so that "rows", "row" and "rowing" meet. */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('es') && /(s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** The meaningful words of a text, split on anything that is not a letter or digit (camelCase too). */
export function significantWords(text: string): Set<string> {
  const words = text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && !stopWords.has(word));
  return new Set(words.map(stem));
}

/** How well a test name matches an edge case: shared words, over the edge case's own words. */
export interface Overlap {
  shared: string[];
  /** Shared words divided by the edge case's words, 0 to 1. */
  score: number;
}

export function overlap(edgeCase: ReadonlySet<string>, testName: ReadonlySet<string>): Overlap {
  const shared = [...edgeCase].filter((word) => testName.has(word));
  return { shared, score: edgeCase.size === 0 ? 0 : shared.length / edgeCase.size };
}

/** The score from which a test name counts as covering an edge case, with at least two shared words. */
export const matchThreshold = 0.5;

/** Whether an overlap is enough to call the edge case covered. */
export function isMatch(result: Overlap, edgeCaseSize: number): boolean {
  const enoughWords = result.shared.length >= Math.min(2, edgeCaseSize);
  return enoughWords && result.score >= matchThreshold;
}
