import { describe, expect, it } from 'vitest';
import { compareComposition, scaledShape } from './composition.js';

const team = (senior: number, mid: number, junior: number) => [
  ...Array<'senior'>(senior).fill('senior'),
  ...Array<'mid'>(mid).fill('mid'),
  ...Array<'junior'>(junior).fill('junior'),
];

describe('team composition against the article', () => {
  it('scales 4:4:2 to the team size, giving a rounded-up place to the larger remainder', () => {
    expect(scaledShape(10)).toEqual({ senior: 4, mid: 4, junior: 2 });
    expect(scaledShape(5)).toEqual({ senior: 2, mid: 2, junior: 1 });
    expect(scaledShape(3)).toEqual({ senior: 1, mid: 1, junior: 1 });
    expect(scaledShape(7)).toEqual({ senior: 3, mid: 3, junior: 1 });
    expect(scaledShape(1)).toEqual({ senior: 1, mid: 0, junior: 0 });
  });

  it('names the gap in people', () => {
    expect(compareComposition(team(2, 4, 4)).summary).toBe(
      "2 seniors short, 2 juniors over against the article's 4:4:2 for 10 people.",
    );
    expect(compareComposition(team(2, 6, 2)).summary).toBe(
      "2 seniors short, 2 mid-levels over against the article's 4:4:2 for 10 people.",
    );
    expect(compareComposition(team(1, 2, 1)).summary).toBe(
      "1 senior short, 1 mid-level over against the article's 2:1:1 for 4 people.",
    );
    expect(compareComposition(team(1, 1, 1)).summary).toBe("Matches the article's 1:1:1 for 3 people.");
    expect(compareComposition(team(0, 1, 0)).summary).toBe(
      "1 senior short, 1 mid-level over against the article's 1:0:0 for 1 person.",
    );
    expect(compareComposition(team(1, 1, 0)).summary).toBe("Matches the article's 1:1:0 for 2 people.");
    expect(compareComposition(team(4, 4, 2)).summary).toBe("Matches the article's 4:4:2 for 10 people.");
    expect(compareComposition([]).summary).toContain('No one is on the team yet');
  });
});
