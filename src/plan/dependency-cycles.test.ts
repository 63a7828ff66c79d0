import { describe, expect, it } from 'vitest';
import { findDependencyCycles } from './dependency-cycles.js';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe('findDependencyCycles', () => {
  it('finds nothing in a DAG', () => {
    expect(findDependencyCycles(['a', 'b', 'c'], graph({ a: [], b: ['a'], c: ['a', 'b'] }))).toEqual([]);
  });

  it('gives one closed walk per cycle, from the member listed first, ignoring unknown ids', () => {
    const cycles = findDependencyCycles(
      ['a', 'b', 'c', 'd', 'e'],
      graph({ a: ['b', 'missing'], b: ['c'], c: ['a'], d: ['e'], e: ['d'] }),
    );
    expect(cycles).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
  });

  it('handles a self-dependency and a long chain without deep recursion', () => {
    const ids = Array.from({ length: 20_000 }, (_, index) => `c${index}`);
    const edges = graph(
      Object.fromEntries(ids.map((id, index) => [id, index === 0 ? [] : [`c${index - 1}`]])),
    );
    edges.set('self', ['self']);
    expect(findDependencyCycles([...ids, 'self'], edges)).toEqual([['self']]);
  });
});
