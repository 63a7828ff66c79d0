import { describe, expect, it } from 'vitest';
import { findBacktracking } from './regex-backtracking.js';

describe('catastrophic backtracking', () => {
  it.each([
    ['(a+)+$', 'nested-quantifier'],
    ['(a*)*', 'nested-quantifier'],
    ['^(\\w+\\s?)*$', 'nested-quantifier'],
    ['(.+)+x', 'nested-quantifier'],
    ['^(\\d+,?)+$', 'nested-quantifier'],
    ['(x+x+)+y', 'nested-quantifier'],
    ['(.*a){12}', 'nested-quantifier'],
    ['(.*?,){11}P', 'nested-quantifier'],
    ['^(([\\-.]|[_]+)?([a-zA-Z0-9]+))*@', 'nested-quantifier'],
    ['(a|a)*$', 'overlapping-alternation'],
    ['(a|aa)+$', 'overlapping-alternation'],
    ['(a|b|ab)*c', 'overlapping-alternation'],
  ])('flags %s', (pattern, kind) => {
    expect(findBacktracking(pattern)?.kind).toBe(kind);
  });

  it.each([
    '^\\d+$',
    '^[a-z]+(-[a-z]+)*$',
    '(ab)+',
    '^(\\w+)(,\\w+)*$',
    '(?:a|b)+',
    '^[^@]+@[^@]+\\.[a-z]+$',
    '^(?:\\w+\\.)*\\w+$',
    '\\d+\\.\\d+',
    '(?<year>\\d{4})-(?<month>\\d{2})',
    '(?=a)\\w+',
    '[(+*]+',
  ])('leaves %s alone', (pattern) => {
    expect(findBacktracking(pattern)).toBeUndefined();
  });

  it('honours the flags: case-insensitive classes overlap across case', () => {
    expect(findBacktracking('(a|A)+$')).toBeUndefined();
    expect(findBacktracking('(a|A)+$', 'i')?.kind).toBe('overlapping-alternation');
  });

  it('survives malformed patterns', () => {
    expect(() => findBacktracking('(((')).not.toThrow();
    expect(() => findBacktracking('[a-')).not.toThrow();
    expect(() => findBacktracking('\\')).not.toThrow();
  });
});
