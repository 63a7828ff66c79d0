/** One SQL statement of a migration, with where its text starts in the migration's source. */
export interface SqlStatement {
  text: string;
  /** Offset of the statement's first character within the SQL text it was split from. */
  start: number;
}

function skipQuoted(sql: string, index: number, quote: string): number {
  let position = index + 1;
  while (position < sql.length) {
    if (sql[position] === quote) {
      if (sql[position + 1] === quote) position += 2;
      else return position + 1;
    } else position += 1;
  }
  return sql.length;
}

function skipDollarQuoted(sql: string, index: number): number | undefined {
  const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(index, index + 64))?.[0];
  if (!tag) return undefined;
  const end = sql.indexOf(tag, index + tag.length);
  return end === -1 ? sql.length : end + tag.length;
}

function skipBlockComment(sql: string, index: number): number {
  const end = sql.indexOf('*/', index + 2);
  return end === -1 ? sql.length : end + 2;
}

function skipLineComment(sql: string, index: number): number {
  const end = sql.indexOf('\n', index);
  return end === -1 ? sql.length : end;
}

/** Where the code of a statement begins: after leading blanks and comments, so positions name real lines. */
function codeStart(sql: string, from: number, to: number): number {
  let position = from;
  while (position < to) {
    if (/\s/.test(sql[position] ?? '')) position += 1;
    else if (sql.startsWith('--', position)) position = skipLineComment(sql, position);
    else if (sql.startsWith('/*', position)) position = skipBlockComment(sql, position);
    else break;
  }
  return position;
}

/**
 * Splits SQL at top-level semicolons, so each statement is applied and located on its own; quoted
 * strings, dollar-quoted bodies (functions) and comments may contain semicolons.
 */
export function splitStatements(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let statementStart = 0;
  let position = 0;
  const close = (end: number): void => {
    const start = codeStart(sql, statementStart, end);
    const text = sql.slice(start, end).trimEnd();
    if (text.length > 0) statements.push({ text, start });
  };
  while (position < sql.length) {
    const character = sql[position];
    if (character === "'" || character === '"') position = skipQuoted(sql, position, character);
    else if (character === '$') position = skipDollarQuoted(sql, position) ?? position + 1;
    else if (sql.startsWith('--', position)) position = skipLineComment(sql, position);
    else if (sql.startsWith('/*', position)) position = skipBlockComment(sql, position);
    else if (character === ';') {
      close(position);
      position += 1;
      statementStart = position;
    } else position += 1;
  }
  close(sql.length);
  return joinTriggerBodies(sql, statements);
}

const triggerWithBody = /^create\s+(?:temp(?:orary)?\s+)?trigger\b[\s\S]*\bbegin\b/i;

/** A SQLite or MySQL trigger's BEGIN … END body holds semicolons of its own: its parts are one statement. */
function joinTriggerBodies(sql: string, statements: SqlStatement[]): SqlStatement[] {
  const joined: SqlStatement[] = [];
  for (let index = 0; index < statements.length; index += 1) {
    const statement = statements[index];
    if (!statement) continue;
    if (!triggerWithBody.test(statement.text)) {
      joined.push(statement);
      continue;
    }
    let last = statement;
    while (!/\bend$/i.test(last.text) && index + 1 < statements.length) {
      index += 1;
      last = statements[index] ?? last;
    }
    joined.push({ text: sql.slice(statement.start, last.start + last.text.length), start: statement.start });
  }
  return joined;
}
