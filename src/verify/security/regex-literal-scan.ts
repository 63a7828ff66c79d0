/** What one pass over a file's text finds about its regexes and literals. */
export interface LiteralScan {
  /**
   * Whether the file may hold a regular expression literal with a repeated group: a `)` followed by
   * `*`, `+` or `{`. Only there can a backtracking analysis find exponential work, since that needs
   * a quantifier inside a repeated group (scslre calls it exponential only then).
   */
  repeatedGroupRegex: boolean;
  /**
   * When there is none: the text of every string, template chunk and regex body as written, each
   * on a line of its own, with any stretch of code whose reading is uncertain kept whole.
   */
  literalText: string;
}

/**
 * Scans a file once, skipping comments, and errs towards finding: where a `/` may start a regex,
 * the rest of its line must hold no `/…)*…/` in any reading to be passed over (and is then kept
 * whole among the literals), and a reading is trusted only where the token before the `/` settles it.
 */
export function scanLiterals(text: string, jsx: boolean): LiteralScan {
  // JSX text between tags is neither code nor string; line-wise tests on the whole text stay sound there.
  if (jsx) return { repeatedGroupRegex: repeatedGroupOnALine.test(text), literalText: text };
  const scanner = new RegexLiteralScanner(text);
  const repeatedGroupRegex = scanner.scan();
  return { repeatedGroupRegex, literalText: `\n${scanner.literals.join('\n')}\n` };
}

/** A `/`, later on the same line a repeated group, then another `/`. */
const repeatedGroupOnALine = /\/[^\n\r\u2028\u2029]*?\)[*+{][^\n\r\u2028\u2029]*?\//;
const repeatedGroup = /\)[*+{]/;
/** What makes the next line scan differently depending on how this one is read. */
const lineStateChanging = /[`{}]|\/\*|\\$/;

/** After these keywords an expression starts (or, after `break`, a statement), so a `/` opens a regex. */
const regexAfterKeywords = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'extends',
  'default',
  'break',
  'continue',
  'debugger',
]);
/** Contextual keywords that may also be plain names: a `/` after them may start either. */
const ambiguousKeywords = new Set(['of', 'yield', 'await', 'let', 'as', 'satisfies', 'async']);

type Previous = 'expression-end' | 'regex-start' | 'ambiguous';

const isLineTerminator = (code: number) => code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
const isIdentifierPart = (code: number) =>
  (code >= 97 && code <= 122) ||
  (code >= 65 && code <= 90) ||
  (code >= 48 && code <= 57) ||
  code === 36 ||
  code === 95 ||
  code === 92 ||
  code >= 0x80;

class RegexLiteralScanner {
  private position = 0;
  private previous: Previous = 'regex-start';
  /** Brace depths at which an open template's `${` substitutions close. */
  private readonly templateDepths: number[] = [];
  private braceDepth = 0;
  readonly literals: string[] = [];
  /** Whether the last token was `.` or `#`, after which a keyword is only a name. */
  private afterMemberAccess = false;

  constructor(private readonly text: string) {}

  scan(): boolean {
    const { text } = this;
    if (text.startsWith('#!')) this.position = this.lineEnd();
    while (this.position < text.length) {
      const code = text.charCodeAt(this.position);
      if (code === 47 /* / */) {
        const next = text.charCodeAt(this.position + 1);
        if (next === 47) this.position = this.lineEnd();
        else if (next === 42) this.skipBlockComment();
        else if (this.slash()) return true;
      } else if (code === 39 || code === 34) {
        this.skipString(code);
        this.previous = 'expression-end';
      } else if (code === 96) {
        this.position += 1;
        this.scanTemplate();
      } else if (isIdentifierPart(code)) {
        this.readWord();
      } else if (code <= 32 || code === 0xa0 || code === 0xfeff || isLineTerminator(code)) {
        this.position += 1;
      } else {
        this.punctuator(code);
      }
    }
    return false;
  }

  /** Reads what follows a `/` that opens no comment; true once such a regex may be there. */
  private slash(): boolean {
    if (this.previous === 'expression-end') {
      this.position += 1;
      this.previous = 'regex-start';
      return false;
    }
    const lineEnd = this.lineEnd();
    const rest = this.text.slice(this.position, lineEnd);
    if (!repeatedGroupOnALine.test(rest) && !lineStateChanging.test(rest)) {
      // No reading of this line's rest holds such a regex, and every reading ends the line alike.
      this.literals.push(rest);
      this.position = lineEnd;
      this.previous = 'ambiguous';
      return false;
    }
    const regex = this.readRegex(this.position);
    if (!regex) {
      // Nothing on this line closes a regex here, so in every reading it is a division.
      this.position += 1;
      this.previous = 'regex-start';
      return false;
    }
    if (this.previous === 'ambiguous' || repeatedGroup.test(regex.body)) return true;
    this.literals.push(regex.body);
    this.position = regex.end;
    this.previous = 'expression-end';
    return false;
  }

  private lineEnd(): number {
    const { text } = this;
    let index = this.position;
    while (index < text.length && !isLineTerminator(text.charCodeAt(index))) index += 1;
    return index;
  }

  /** The regex literal starting at `start`, if one can be read there (it ends on the same line). */
  private readRegex(start: number): { body: string; end: number } | undefined {
    const { text } = this;
    let index = start + 1;
    let inClass = false;
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (isLineTerminator(code)) return undefined;
      if (code === 92 /* \ */) {
        if (index + 1 >= text.length || isLineTerminator(text.charCodeAt(index + 1))) return undefined;
        index += 2;
        continue;
      }
      if (code === 91 /* [ */) inClass = true;
      else if (code === 93 /* ] */) inClass = false;
      else if (code === 47 && !inClass) {
        let end = index + 1;
        while (end < text.length && isIdentifierPart(text.charCodeAt(end))) end += 1;
        return { body: text.slice(start + 1, index), end };
      }
      index += 1;
    }
    return undefined;
  }

  private readWord(): void {
    const { text } = this;
    const start = this.position;
    const afterDot = this.afterMemberAccess;
    while (this.position < text.length && isIdentifierPart(text.charCodeAt(this.position))) {
      this.position += text.charCodeAt(this.position) === 92 ? 2 : 1;
    }
    const word = text.slice(start, this.position);
    this.afterMemberAccess = false;
    if (afterDot) this.previous = 'expression-end';
    else if (regexAfterKeywords.has(word)) this.previous = 'regex-start';
    else if (ambiguousKeywords.has(word)) this.previous = 'ambiguous';
    else this.previous = 'expression-end';
  }

  private punctuator(code: number): void {
    const { text } = this;
    const before = this.previous;
    this.position += 1;
    this.afterMemberAccess = code === 46 /* . */ || code === 35; /* # */
    if (code === 41 /* ) */ || (code === 62 /* > */ && text.charCodeAt(this.position - 2) !== 61)) {
      // After `)` of `if (…)` or a generic's `>` a regex may follow; after a call's `)` a division.
      this.previous = 'ambiguous';
    } else if (code === 93 /* ] */) {
      this.previous = 'expression-end';
    } else if (code === 123 /* { */) {
      this.braceDepth += 1;
      this.previous = 'regex-start';
    } else if (code === 125 /* } */) {
      if (this.templateDepths.at(-1) === this.braceDepth) {
        this.templateDepths.pop();
        this.scanTemplate();
        return;
      }
      this.braceDepth -= 1;
      this.previous = 'ambiguous';
    } else if ((code === 43 || code === 45) && text.charCodeAt(this.position) === code) {
      this.position += 1;
      this.previous = 'ambiguous';
    } else if (code === 33 /* ! */ && before === 'expression-end' && text.charCodeAt(this.position) !== 61) {
      // TypeScript's non-null `x!` ends an expression; a prefix `!` starts one.
      this.previous = 'ambiguous';
    } else {
      this.previous = 'regex-start';
    }
  }

  /** Scans template text from just after a backtick or a substitution's `}`. */
  private scanTemplate(): void {
    const { text } = this;
    const start = this.position;
    while (this.position < text.length) {
      const code = text.charCodeAt(this.position);
      if (code === 92) {
        this.position += 2;
      } else if (code === 96) {
        this.literals.push(text.slice(start, this.position));
        this.position += 1;
        this.previous = 'expression-end';
        return;
      } else if (code === 36 && text.charCodeAt(this.position + 1) === 123) {
        this.literals.push(text.slice(start, this.position));
        this.position += 2;
        this.templateDepths.push(this.braceDepth);
        this.previous = 'regex-start';
        return;
      } else {
        this.position += 1;
      }
    }
    this.literals.push(text.slice(start));
  }

  /** Skips a string literal, which only a line feed or carriage return can cut short. */
  private skipString(quote: number): void {
    const { text } = this;
    const start = this.position + 1;
    this.position = start;
    while (this.position < text.length) {
      const code = text.charCodeAt(this.position);
      if (code === 92) {
        const continued =
          text.charCodeAt(this.position + 1) === 13 && text.charCodeAt(this.position + 2) === 10;
        this.position += continued ? 3 : 2;
      } else if (code === quote || code === 10 || code === 13) {
        this.literals.push(text.slice(start, this.position));
        this.position += 1;
        return;
      } else this.position += 1;
    }
    this.literals.push(text.slice(start));
  }

  private skipBlockComment(): void {
    const end = this.text.indexOf('*/', this.position + 2);
    this.position = end === -1 ? this.text.length : end + 2;
  }
}
