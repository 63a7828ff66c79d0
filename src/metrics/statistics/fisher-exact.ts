/** A 2×2 table of counts: rows are the two groups, columns success and failure. */
export interface TwoByTwo {
  a: number;
  b: number;
  c: number;
  d: number;
}

const logFactorials: number[] = [0];

function logFactorial(n: number): number {
  for (let index = logFactorials.length; index <= n; index++)
    logFactorials.push((logFactorials[index - 1] ?? 0) + Math.log(index));
  return logFactorials[n] ?? 0;
}

/** The hypergeometric log-probability of a table with top-left cell `a` and the given margins. */
function logProbability(a: number, row1: number, row2: number, column1: number): number {
  const b = row1 - a;
  const c = column1 - a;
  const d = row2 - c;
  const total = row1 + row2;
  return (
    logFactorial(row1) +
    logFactorial(row2) +
    logFactorial(column1) +
    logFactorial(total - column1) -
    logFactorial(total) -
    logFactorial(a) -
    logFactorial(b) -
    logFactorial(c) -
    logFactorial(d)
  );
}

/**
 * Fisher's exact test, two-sided: the probability, with the margins fixed, of a table at most as
 * likely as the one observed. Tables within a relative 1e-7 of the observed probability count as
 * equally likely, so rounding never drops a tie (the same tolerance R's fisher.test uses).
 */
export function fisherExactTwoSided(table: TwoByTwo): number {
  const { a, b, c, d } = table;
  for (const count of [a, b, c, d]) {
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`A 2×2 table needs whole counts of at least 0, got ${count}.`);
  }
  const row1 = a + b;
  const row2 = c + d;
  const column1 = a + c;
  const smallest = Math.max(0, column1 - row2);
  const largest = Math.min(row1, column1);
  const observed = logProbability(a, row1, row2, column1);
  let p = 0;
  for (let cell = smallest; cell <= largest; cell++) {
    const logP = logProbability(cell, row1, row2, column1);
    if (logP <= observed + 1e-7) p += Math.exp(logP);
  }
  return Math.min(1, p);
}
