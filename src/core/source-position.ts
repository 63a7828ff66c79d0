import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/** A 1-based line and column in a text file. */
export interface SourcePosition {
  line: number;
  column: number;
}

export type SourcePath = readonly (string | number)[];

export interface SourceSyntaxError {
  message: string;
  position: SourcePosition;
}

/** A parsed YAML or JSON text that can say where each value and key stands. */
export interface SourceDocument {
  value: unknown;
  /** Position of the value at `path`, or of its key when `of` is `'key'`; the nearest existing ancestor otherwise. */
  positionOf(path: SourcePath, of?: 'value' | 'key'): SourcePosition;
}

export type SourceParseResult =
  | { success: true; value: SourceDocument }
  | { success: false; issues: SourceSyntaxError[] };

/** Parses YAML (and so JSON, which is YAML 1.2) keeping positions, for errors that point at a line. */
export function parseSourceDocument(text: string): SourceParseResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toPosition = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (document.errors.length > 0) {
    return {
      success: false,
      issues: document.errors.map((error) => ({
        message: error.message.split('\n')[0] ?? error.message,
        position: toPosition(error.pos[0]),
      })),
    };
  }

  const locate = (path: SourcePath, of: 'value' | 'key'): number => {
    let node: unknown = document.contents;
    let offset = isNode(node) ? (node.range?.[0] ?? 0) : 0;
    for (const [index, segment] of path.entries()) {
      const isLast = index === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => keyText(item.key) === String(segment));
        if (!pair) return offset;
        const target: unknown = isLast && of === 'key' ? pair.key : pair.value;
        offset = isNode(target) ? (target.range?.[0] ?? offset) : offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item: unknown = node.items[segment];
        if (!isNode(item)) return offset;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else {
        return offset;
      }
    }
    return offset;
  };

  return {
    success: true,
    value: {
      value: document.toJS(),
      positionOf: (path, of = 'value') => toPosition(locate(path, of)),
    },
  };
}
