import { describe, expect, it } from 'vitest';
import { buildInterviewKit } from './interview-kit.js';
import { mutationOperators } from './mutation-operators.js';
import { confirmSeededErrors } from './seeded-error-confirmation.js';

describe('seeded errors', () => {
  it('are each confirmed by a failing test or a gate finding at their line, in 20 generated kits', async () => {
    const seeds = Array.from({ length: 20 }, (_, index) => 1000 + index);
    let confirmedCount = 0;
    const kinds = new Set<string>();
    // Two kits at a time: one machine's two cores.
    for (let start = 0; start < seeds.length; start += 2) {
      await Promise.all(
        seeds.slice(start, start + 2).map(async (seed) => {
          const kit = buildInterviewKit({ seed, level: seed % 2 === 0 ? 'senior' : 'mid' });
          const { domain, reference, errors, variant } = kit.verification;
          const confirmed = await confirmSeededErrors(domain, reference, errors, variant);
          expect(confirmed.map((error) => [error.kind, error.file, error.line])).toEqual(
            errors.map((error) => [error.kind, error.file, error.line]),
          );
          for (const error of confirmed) {
            expect(error.confirmedBy).toBe(mutationOperators[error.kind].confirmation(domain).by);
            kinds.add(error.kind);
          }
          confirmedCount += confirmed.length;
        }),
      );
    }
    expect(confirmedCount).toBe(10 * 4 + 10 * 6);
    expect(kinds.size).toBe(8);
  }, 900_000);
});
