import type { SourceRange } from '../finding.js';
import type { ObjectOrigin } from './apply-migrations.js';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The range of a column's definition inside the statement that created it, or of the statement. */
export function columnRange(origin: ObjectOrigin, column: string): SourceRange {
  const quoted = `["\`]?${escapeRegExp(column)}["\`]?`;
  const definition = new RegExp(
    String.raw`(^|[(,]|\badd\s+(?:column\s+)?(?:if\s+not\s+exists\s+)?)(\s*)(${quoted})\s+[a-z]`,
    'im',
  ).exec(origin.statement);
  if (!definition) return origin.lines.range(origin.offset);
  const index = definition.index + (definition[1]?.length ?? 0) + (definition[2]?.length ?? 0);
  return origin.lines.range(origin.offset + index);
}
