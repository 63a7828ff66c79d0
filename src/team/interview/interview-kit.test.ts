import { describe, expect, it } from 'vitest';
import { buildInterviewKit } from './interview-kit.js';
import { marker, seededErrorKinds } from './mutation-operators.js';

describe('interview kits', () => {
  it('gives the same kit, byte for byte, for the same seed', () => {
    const first = buildInterviewKit({ seed: 42, level: 'senior' });
    const second = buildInterviewKit({ seed: 42, level: 'senior' });
    expect(JSON.stringify(second.files)).toBe(JSON.stringify(first.files));
    expect(second.verification.errors).toEqual(first.verification.errors);
  });

  it('gives different briefs, code, seeded errors and cards for different seeds', () => {
    const kits = [1, 2, 3].map((seed) => buildInterviewKit({ seed, level: 'mid' }));
    const distinct = (values: string[]) => new Set(values).size;
    expect(distinct(kits.map((kit) => kit.brief.id))).toBeGreaterThan(1);
    expect(distinct(kits.map((kit) => kit.verification.domain.entity))).toBeGreaterThan(1);
    expect(distinct(kits.map((kit) => kit.verification.errors.map((error) => error.kind).join()))).toBe(3);
    expect(distinct(kits.map((kit) => kit.cards.map((card) => card.id).join()))).toBe(3);
    expect(distinct(kits.map((kit) => JSON.stringify(kit.files)))).toBe(3);
  });

  it('seeds four errors for a mid-level kit and six for a senior one, never two on the same lines', () => {
    for (let seed = 0; seed < 30; seed++) {
      for (const level of ['mid', 'senior'] as const) {
        const { errors } = buildInterviewKit({ seed, level }).verification;
        expect(errors).toHaveLength(level === 'mid' ? 4 : 6);
        const kinds = errors.map((error) => error.kind);
        expect(kinds.includes('unhandled-null') && kinds.includes('missing-authorisation')).toBe(false);
      }
    }
  });

  it('uses every kind of seeded error across seeds', () => {
    const kinds = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      for (const error of buildInterviewKit({ seed, level: 'senior' }).verification.errors)
        kinds.add(error.kind);
    }
    expect([...kinds].sort()).toEqual([...seededErrorKinds].sort());
  });

  it('points each seeded error at the line that holds it, and leaves no marker in the files', () => {
    const kit = buildInterviewKit({ seed: 7, level: 'senior' });
    for (const text of Object.values(kit.files)) expect(text).not.toMatch(/\/\*@@/);
    for (const error of kit.verification.errors) {
      const line = kit.verification.mutated[error.file]?.split('\n')[error.line - 1] ?? '';
      expect(line).not.toBe(kit.verification.reference[error.file]?.split('\n')[error.line - 1]);
      expect(line).not.toContain(marker(error.kind));
    }
  });

  it('draws judgment cards of every verdict, so one answer for all cannot pass', () => {
    for (let seed = 0; seed < 10; seed++) {
      const { verdicts } = buildInterviewKit({ seed, level: 'mid' });
      expect(verdicts).toHaveLength(8);
      expect(new Set(verdicts.map((verdict) => verdict.verdict)).size).toBe(3);
    }
  });
});
