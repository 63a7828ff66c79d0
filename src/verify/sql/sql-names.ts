/** Normalises an SQL identifier the way Postgres does: quoted keeps its case, unquoted folds to lower. */
export function normaliseIdentifier(identifier: string): string {
  return identifier.startsWith('"')
    ? identifier.slice(1, -1).replaceAll('""', '"')
    : identifier.toLowerCase();
}

/** A relation name as `regclass::text` prints it for the default search path (`public.` left out). */
export function normaliseRelation(name: string): string {
  const parts = name.match(/"(?:[^"]|"")*"|[^."]+/g)?.map(normaliseIdentifier) ?? [name];
  if (parts.length === 2 && parts[0] === 'public') return parts[1] ?? name;
  return parts.join('.');
}

/** The table part of a relation name, without its schema. */
export function tableBaseName(relation: string): string {
  return relation.slice(relation.lastIndexOf('.') + 1).replaceAll('"', '');
}

/** Splits a list at top-level commas (not inside parentheses or quotes), such as ALTER TABLE actions. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const character of text) {
    if (quote) {
      if (character === quote) quote = undefined;
    } else if (character === "'" || character === '"') quote = character;
    else if (character === '(') depth += 1;
    else if (character === ')') depth -= 1;
    else if (character === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += character;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}
