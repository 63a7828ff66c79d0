import { fisherExactTwoSided } from './fisher-exact.js';
import { holmAdjust } from './holm.js';
import { samplesPerGroupForRates } from './sample-size.js';

/** How often one variant did something (passed the gate first time), out of its finished samples. */
export interface RateCount {
  name: string;
  successes: number;
  trials: number;
}

export interface RateComparison {
  /** The variant compared against the baseline. */
  name: string;
  baseline: string;
  /** Fisher's exact test, two-sided. */
  p: number;
  /** After Holm's correction over every comparison made; the same as `p` when there is one. */
  adjustedP: number;
  /** The adjusted p is below α. */
  significant: boolean;
  /** Samples per variant a test at α with 80 % power needs for a difference of the size seen. */
  samplesNeeded: number | undefined;
  /** More samples per variant than each of the two has now, when the result is not significant. */
  moreSamplesNeeded: number | undefined;
  verdict: string;
}

export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.1 ? p.toPrecision(2) : p.toFixed(2)}`;
}

/**
 * Samples per variant to tell two rates apart: Fleiss's normal approximation, and where that
 * promises no more than the samples already run (it fails at rates near 0 or 1 with few samples),
 * the fewest samples at which the rates seen would make the exact test significant.
 */
function samplesToTell(rate1: number, rate2: number, current: number, alpha: number): number | undefined {
  const approximate = samplesPerGroupForRates(rate1, rate2);
  if (approximate === undefined || approximate > current) return approximate;
  for (let samples = current + 1; samples <= current * 10 + 100; samples++) {
    const successes1 = Math.round(rate1 * samples);
    const successes2 = Math.round(rate2 * samples);
    const p = fisherExactTwoSided({
      a: successes1,
      b: samples - successes1,
      c: successes2,
      d: samples - successes2,
    });
    if (p < alpha) return samples;
  }
  return undefined;
}

/**
 * Compares each variant's rate with the baseline's: Fisher's exact test, Holm's correction when
 * there is more than one comparison, and a verdict that states the counts and the uncertainty, or
 * that the samples are too few to tell and how many more would be needed.
 */
export function compareRates(
  baseline: RateCount,
  others: readonly RateCount[],
  options: { what: string; alpha?: number } = { what: 'passes first time' },
): RateComparison[] {
  const alpha = options.alpha ?? 0.05;
  const pValues = others.map((other) =>
    fisherExactTwoSided({
      a: other.successes,
      b: other.trials - other.successes,
      c: baseline.successes,
      d: baseline.trials - baseline.successes,
    }),
  );
  const adjusted = others.length > 1 ? holmAdjust(pValues) : pValues;
  const correction = others.length > 1 ? `, Holm-adjusted over ${others.length} comparisons` : '';
  return others.map((other, index) => {
    const p = pValues[index] ?? 1;
    const adjustedP = adjusted[index] ?? 1;
    const significant = adjustedP < alpha;
    const counts = `${other.successes}/${other.trials} against ${baseline.name} ${baseline.successes}/${baseline.trials}`;
    const otherRate = other.trials > 0 ? other.successes / other.trials : 0;
    const baselineRate = baseline.trials > 0 ? baseline.successes / baseline.trials : 0;
    const samplesNeeded = samplesToTell(
      otherRate,
      baselineRate,
      Math.min(other.trials, baseline.trials),
      alpha,
    );
    const moreSamplesNeeded =
      significant || samplesNeeded === undefined
        ? undefined
        : Math.max(1, samplesNeeded - Math.min(other.trials, baseline.trials));
    let verdict: string;
    if (other.trials === 0 || baseline.trials === 0) {
      verdict = `${other.name} cannot be compared with ${baseline.name} yet: one of them has no finished sample.`;
    } else if (significant) {
      const direction = otherRate > baselineRate ? 'more often' : 'less often';
      verdict = `${other.name} ${options.what} ${direction}: ${counts} (${formatP(adjustedP)}${correction}).`;
    } else if (samplesNeeded === undefined) {
      verdict = `No difference seen: ${other.name} ${options.what} ${counts} (${formatP(adjustedP)}${correction}); samples cannot tell equal rates apart.`;
    } else {
      verdict = `Too close to call: ${other.name} ${options.what} ${counts} (${formatP(adjustedP)}${correction}); telling a difference this size apart needs about ${samplesNeeded} samples per variant (α ${alpha}, 80 % power), ${moreSamplesNeeded} more than now.`;
    }
    return {
      name: other.name,
      baseline: baseline.name,
      p,
      adjustedP,
      significant,
      samplesNeeded,
      moreSamplesNeeded,
      verdict,
    };
  });
}
