import type { SourceRange } from '../finding.js';

/** Maps offsets in a file's text to 1-based lines and columns. */
export class SourceLines {
  readonly #lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let index = 0; index < text.length; index += 1) {
      if (text[index] === '\n') this.#lineStarts.push(index + 1);
    }
  }

  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.#lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((this.#lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.#lineStarts[low] ?? 0) + 1 };
  }

  /** A range from an offset to the end of that line, or to `end` when it comes first. */
  range(offset: number, end?: number): SourceRange {
    const start = this.position(offset);
    const lineEnd = this.text.indexOf('\n', offset);
    const stop = Math.min(end ?? Number.POSITIVE_INFINITY, lineEnd === -1 ? this.text.length : lineEnd);
    return {
      startLine: start.line,
      startColumn: start.column,
      endLine: start.line,
      endColumn: start.column + Math.max(stop - offset, 1),
    };
  }
}
