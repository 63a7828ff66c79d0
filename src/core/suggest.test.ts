import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from './suggest.js';

describe('suggestions', () => {
  it('counts edits, with an adjacent swap as one', () => {
    expect(editDistance('ledger', 'ledger')).toBe(0);
    expect(editDistance('ledgr', 'ledger')).toBe(1);
    expect(editDistance('lodash', 'lodahs')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('offers a close candidate and nothing for a distant one', () => {
    expect(closestMatch('testComand', ['testCommand', 'tsconfig'])).toBe('testCommand');
    expect(closestMatch('expresss', ['express', 'fastify'])).toBe('express');
    expect(closestMatch('zzz', ['ledger', 'person'])).toBeUndefined();
  });
});
