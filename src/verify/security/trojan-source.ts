/** A Unicode bidirectional control character in a source file, 1-based. */
export interface BidiCharacter {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/**
 * The embedding, override and isolate controls the Trojan Source attack uses to reorder how code
 * is shown, and the directional marks that can hide such a reordering.
 */
const bidiControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Every bidirectional control character in a file's text: in a comment or a string it can make
 * code read differently from how it runs (CWE-451). Escapes such as `\u202E` are plain text and
 * are not reported; Hebrew or Arabic letters alone are not either.
 */
export function findBidiCharacters(text: string): BidiCharacter[] {
  const found: BidiCharacter[] = [];
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (const match of text.matchAll(bidiControls)) {
    for (let index = scanned; index < match.index; index += 1) {
      if (text.charCodeAt(index) === 10) {
        line += 1;
        lineStart = index + 1;
      }
    }
    scanned = match.index;
    const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const column = match.index - lineStart + 1;
    found.push({
      line,
      column,
      endLine: line,
      endColumn: column + 1,
      message: `A Unicode bidirectional control character (U+${code}) makes the code read differently from how it runs (Trojan Source).`,
    });
  }
  return found;
}
