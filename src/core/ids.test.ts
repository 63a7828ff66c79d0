import { describe, expect, it } from 'vitest';
import { createId } from './ids.js';

describe('createId', () => {
  it('prefixes, is unique, and sorts in creation order within and across milliseconds', () => {
    const ids = [
      ...Array.from({ length: 500 }, () => createId('evt', 1_700_000_000_000)),
      ...Array.from({ length: 500 }, () => createId('evt', 1_700_000_000_001)),
      createId('evt', 1_800_000_000_000),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^evt_[0-9a-hjkmnp-tv-z]{26}$/);
  });
});
