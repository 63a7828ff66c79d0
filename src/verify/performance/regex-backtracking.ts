/**
 * Finds regular expressions that backtrack catastrophically: a quantified group whose body can match
 * the same text in more than one way, so a failing match tries exponentially many splits.
 */

/** Characters a pattern element may consume, sampled over ASCII and a few non-ASCII characters. */
type CharacterSet = readonly boolean[];

const alphabet = [
  ...Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)),
  'é',
  'ß',
  '€',
  '中',
];

interface Term {
  /** The element's first characters; empty for assertions. */
  first: CharacterSet;
  min: number;
  /** Infinity for `*`, `+` and `{n,}`. */
  max: number;
  /** For groups: the alternatives inside. */
  alternatives?: Term[][];
}

/** Why a pattern backtracks catastrophically, or undefined when it does not. */
export interface BacktrackingProblem {
  kind: 'nested-quantifier' | 'overlapping-alternation';
  /** The offending part of the pattern, such as `(a+)+`. */
  fragment: string;
}

function emptySet(): boolean[] {
  return alphabet.map(() => false);
}

function setOf(source: string, flags: string): CharacterSet {
  try {
    const expression = new RegExp(`^(?:${source})$`, flags.replace(/[gy]/g, ''));
    return alphabet.map((character) => expression.test(character));
  } catch {
    return alphabet.map(() => true);
  }
}

function overlaps(left: CharacterSet, right: CharacterSet): boolean {
  return left.some((value, index) => value && right[index] === true);
}

function union(sets: readonly CharacterSet[]): CharacterSet {
  const result = emptySet();
  for (const set of sets) for (const [index, value] of set.entries()) if (value) result[index] = true;
  return result;
}

/** The characters a sequence can start with (skipping optional terms). */
function firstOfSequence(terms: readonly Term[]): CharacterSet {
  const sets: CharacterSet[] = [];
  for (const term of terms) {
    sets.push(term.first);
    if (term.min > 0) break;
  }
  return union(sets);
}

/** Every character any term in the alternatives can consume, for overlap with a repeated term. */
function consumed(alternatives: readonly Term[][]): CharacterSet {
  return union(
    alternatives.flatMap((terms) =>
      terms.map((term) => (term.alternatives ? consumed(term.alternatives) : term.first)),
    ),
  );
}

/** Repetitions from this count up make an ambiguous body blow up as badly as `*` does. */
const manyRepetitions = 10;

/**
 * The characters an unbounded repetition in a term may consume: the term's own `*` or `+`, or one
 * inside a group the term is, such as the `+` in `([a-z]+)`.
 */
function unboundedPart(term: Term): CharacterSet | undefined {
  if (term.max === Number.POSITIVE_INFINITY)
    return term.alternatives ? consumed(term.alternatives) : term.first;
  if (!term.alternatives) return undefined;
  for (const terms of term.alternatives)
    for (const inner of terms) {
      const part = unboundedPart(inner);
      if (part) return part;
    }
  return undefined;
}

class PatternParser {
  private position = 0;
  readonly problems: BacktrackingProblem[] = [];

  constructor(
    private readonly source: string,
    private readonly flags: string,
  ) {}

  parse(): Term[][] {
    return this.alternatives();
  }

  private alternatives(): Term[][] {
    const result: Term[][] = [this.sequence()];
    while (this.source[this.position] === '|') {
      this.position += 1;
      result.push(this.sequence());
    }
    return result;
  }

  private sequence(): Term[] {
    const terms: Term[] = [];
    while (this.position < this.source.length) {
      const character = this.source[this.position];
      if (character === '|' || character === ')') break;
      const start = this.position;
      const atom = this.atom();
      const [min, max] = this.quantifier();
      const term: Term = { ...atom, min, max };
      // A large bounded count such as `{12}` over an ambiguous body is polynomial of that degree.
      if (max >= manyRepetitions && term.alternatives)
        this.inspectRepeatedGroup(term.alternatives, this.source.slice(start, this.position));
      terms.push(term);
    }
    return terms;
  }

  private inspectRepeatedGroup(alternatives: Term[][], fragment: string): void {
    const firsts = alternatives.map(firstOfSequence);
    for (let left = 0; left < firsts.length; left += 1)
      for (let right = left + 1; right < firsts.length; right += 1) {
        const leftSet = firsts[left];
        const rightSet = firsts[right];
        if (leftSet && rightSet && overlaps(leftSet, rightSet)) {
          this.problems.push({ kind: 'overlapping-alternation', fragment });
          return;
        }
      }
    for (const terms of alternatives) {
      for (const [index, term] of terms.entries()) {
        const repeated = unboundedPart(term);
        if (!repeated) continue;
        // The inner repetition is ambiguous with the outer one when every other required term of
        // the body could be consumed by the inner repetition too.
        const others = terms.filter((_, otherIndex) => otherIndex !== index);
        const separated = others.some(
          (other) =>
            other.min > 0 &&
            other.first.some(Boolean) &&
            !overlaps(other.alternatives ? consumed(other.alternatives) : other.first, repeated),
        );
        if (!separated) {
          this.problems.push({ kind: 'nested-quantifier', fragment });
          return;
        }
      }
    }
  }

  private atom(): Omit<Term, 'min' | 'max'> {
    const start = this.position;
    const character = this.source[this.position];
    if (character === '(') {
      this.position += 1;
      let lookaround = false;
      if (this.source[this.position] === '?') {
        const marker = this.source.slice(this.position, this.position + 3);
        lookaround = /^\?(<?[=!])/.test(marker);
        const named = /^\?<[^=!][^>]*>/.exec(this.source.slice(this.position));
        if (named) this.position += named[0].length;
        else if (lookaround) this.position += marker.startsWith('?<') ? 3 : 2;
        else this.position += 2;
      }
      const alternatives = this.alternatives();
      this.position += 1;
      if (lookaround) return { first: emptySet() };
      const first = union(alternatives.map(firstOfSequence));
      return { first, alternatives };
    }
    if (character === '[') {
      this.position += 1;
      while (this.position < this.source.length && this.source[this.position] !== ']') {
        if (this.source[this.position] === '\\') this.position += 1;
        this.position += 1;
      }
      this.position += 1;
      return { first: setOf(this.source.slice(start, this.position), this.flags) };
    }
    if (character === '^' || character === '$') {
      this.position += 1;
      return { first: emptySet() };
    }
    if (character === '\\') {
      this.position += 2;
      const escaped = this.source[start + 1] ?? '';
      if ('bB'.includes(escaped) || /[1-9]/.test(escaped)) return { first: emptySet() };
      if ('upP'.includes(escaped) && this.source[this.position] === '{')
        this.position = this.source.indexOf('}', this.position) + 1;
      else if (escaped === 'x') this.position += 2;
      else if (escaped === 'u') this.position += 4;
      return { first: setOf(this.source.slice(start, this.position), this.flags) };
    }
    this.position += 1;
    return { first: setOf(this.source.slice(start, this.position), this.flags) };
  }

  private quantifier(): [number, number] {
    const character = this.source[this.position];
    let bounds: [number, number] = [1, 1];
    if (character === '*') bounds = [0, Number.POSITIVE_INFINITY];
    else if (character === '+') bounds = [1, Number.POSITIVE_INFINITY];
    else if (character === '?') bounds = [0, 1];
    else if (character === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.position));
      if (!match) return bounds;
      const min = Number(match[1]);
      const max = match[2] === undefined ? min : match[3] ? Number(match[3]) : Number.POSITIVE_INFINITY;
      this.position += match[0].length;
      if (this.source[this.position] === '?') this.position += 1;
      return [min, max];
    } else return bounds;
    this.position += 1;
    if (this.source[this.position] === '?') this.position += 1;
    return bounds;
  }
}

/** The first catastrophic-backtracking shape in a pattern, or undefined for a safe one. */
export function findBacktracking(source: string, flags = ''): BacktrackingProblem | undefined {
  const parser = new PatternParser(source, flags);
  parser.parse();
  return parser.problems[0];
}
