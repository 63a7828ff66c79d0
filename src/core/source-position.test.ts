import { describe, expect, it } from 'vitest';
import { parseSourceDocument } from './source-position.js';

const yaml = `feature: Notification preferences
components:
  - id: schema
    dependsOn: []
  - id: api
    dependsOn:
      - schema
      - missing
`;

describe('parseSourceDocument', () => {
  it('gives the line and column of values and keys by path', () => {
    const parsed = parseSourceDocument(yaml);
    if (!parsed.success) throw new Error('expected success');
    expect(parsed.value.value).toMatchObject({ feature: 'Notification preferences' });
    expect(parsed.value.positionOf(['components', 1, 'dependsOn', 1])).toEqual({ line: 8, column: 9 });
    expect(parsed.value.positionOf(['components', 1, 'id'], 'key')).toEqual({ line: 5, column: 5 });
    expect(parsed.value.positionOf(['components', 1, 'id'])).toEqual({ line: 5, column: 9 });
  });

  it('falls back to the nearest existing ancestor for a missing path', () => {
    const parsed = parseSourceDocument(yaml);
    if (!parsed.success) throw new Error('expected success');
    expect(parsed.value.positionOf(['components', 0, 'title'])).toEqual({ line: 3, column: 5 });
  });

  it('reports syntax errors with positions, and duplicate keys', () => {
    const parsed = parseSourceDocument('a: 1\na: 2\n');
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.issues[0]?.position.line).toBe(2);
  });
});
