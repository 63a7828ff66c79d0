import { describe, expect, it } from 'vitest';
import { findBidiCharacters } from './trojan-source.js';

describe('Trojan Source: bidirectional control characters', () => {
  it('finds an override that hides the end of a check inside a comment, where it stands', () => {
    const text = [
      "const accessLevel = 'user';",
      `if (accessLevel != 'user\u202E \u2066// Check if admin\u2069 \u2066') {`,
      "  console.log('You are an admin.');",
      '}',
    ].join('\n');
    expect(findBidiCharacters(text).map((found) => [found.line, found.column, found.message])).toEqual([
      [2, 25, expect.stringContaining('U+202E')],
      [2, 27, expect.stringContaining('U+2066')],
      [2, 45, expect.stringContaining('U+2069')],
      [2, 47, expect.stringContaining('U+2066')],
    ]);
  });

  it('leaves alone the escaped form and right-to-left text without controls', () => {
    const text = [
      "const override = '\\u202E';",
      "const greeting = 'שלום עולם';",
      "const arabic = 'مرحبا';",
    ].join('\n');
    expect(findBidiCharacters(text)).toEqual([]);
  });
});
