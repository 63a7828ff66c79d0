import ts from 'typescript';
import { skipOuter } from './file-facts.js';
import { type Tainted, union } from './taint-value.js';

/**
 * What the analysis knows at one point of a function: taint per variable and per property chain
 * (`user.name`), keyed by symbol so that shadowed names stay apart.
 */
export class TaintEnvironment {
  private readonly values: Map<string, Tainted>;

  constructor(values?: Map<string, Tainted>) {
    this.values = values ?? new Map();
  }

  get(key: string): Tainted | undefined {
    return this.values.get(key);
  }

  set(key: string, value: Tainted): void {
    this.values.set(key, value);
  }

  delete(key: string): void {
    this.values.delete(key);
  }

  /** The fields known under a key, one level down (`job.command`, `list.0`), by field name. */
  fieldsOf(key: string): Map<string, Tainted> {
    const prefix = `${key}.`;
    const fields = new Map<string, Tainted>();
    for (const [name, value] of this.values)
      if (name.startsWith(prefix) && !name.includes('.', prefix.length))
        fields.set(name.slice(prefix.length), value);
    return fields;
  }

  /** Forgets what is known of a key's fields and everything under them (`list.0` after a `shift`). */
  forgetFields(key: string, only?: (field: string) => boolean): void {
    const prefix = `${key}.`;
    for (const name of [...this.values.keys()]) {
      if (!name.startsWith(prefix)) continue;
      const field = name.slice(prefix.length).split('.')[0] ?? '';
      if (!only || only(field)) this.values.delete(name);
    }
  }

  clone(): TaintEnvironment {
    return new TaintEnvironment(new Map(this.values));
  }

  /** Takes over another environment's state, after a branch that is the only way on. */
  replaceWith(other: TaintEnvironment): void {
    this.values.clear();
    for (const [key, value] of other.values) this.values.set(key, value);
  }

  /**
   * Where two branches meet: a key both know is the union; a key only one knows stays if tainted, and
   * is forgotten if clean (the other branch's value is whatever it was before).
   */
  joinWith(other: TaintEnvironment): void {
    const keys = new Set([...this.values.keys(), ...other.values.keys()]);
    for (const key of keys) {
      const mine = this.values.get(key);
      const theirs = other.values.get(key);
      if (mine && theirs) this.values.set(key, union(mine, theirs));
      else {
        const only = mine ?? theirs;
        if (only && only.length > 0) this.values.set(key, only);
        else this.values.delete(key);
      }
    }
  }
}

const symbolIds = new WeakMap<ts.Symbol, number>();
let nextSymbolId = 1;

function symbolKey(symbol: ts.Symbol): string {
  let id = symbolIds.get(symbol);
  if (id === undefined) {
    id = nextSymbolId++;
    symbolIds.set(symbol, id);
  }
  return `#${id}`;
}

/** Per checker, the symbol of each identifier asked about: the walk asks again at every read, branch and loop pass. */
const symbolsByChecker = new WeakMap<ts.TypeChecker, WeakMap<ts.Identifier, ts.Symbol | null>>();

/** The symbol an identifier refers to; for `{ name }` shorthand, the variable rather than the property. */
export function symbolOf(checker: ts.TypeChecker, identifier: ts.Identifier): ts.Symbol | undefined {
  let symbols = symbolsByChecker.get(checker);
  if (!symbols) {
    symbols = new WeakMap();
    symbolsByChecker.set(checker, symbols);
  }
  const known = symbols.get(identifier);
  if (known !== undefined) return known ?? undefined;
  const parent = identifier.parent;
  const symbol =
    parent && ts.isShorthandPropertyAssignment(parent) && parent.name === identifier
      ? checker.getShorthandAssignmentValueSymbol(parent)
      : checker.getSymbolAtLocation(identifier);
  symbols.set(identifier, symbol ?? null);
  return symbol;
}

/** The key of a variable or a property chain rooted at one (`user.name`, `this.path`); undefined otherwise. */
export function referenceKey(checker: ts.TypeChecker, expression: ts.Expression): string | undefined {
  const inner = skipOuter(expression);
  if (ts.isIdentifier(inner)) {
    const symbol = symbolOf(checker, inner);
    // A name nothing declares is a global that sloppy JavaScript creates by assigning to it.
    return symbol ? symbolKey(symbol) : `global:${inner.text}`;
  }
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(inner)) {
    const base = referenceKey(checker, inner.expression);
    return base ? `${base}.${inner.name.text}` : undefined;
  }
  if (
    ts.isElementAccessExpression(inner) &&
    (ts.isStringLiteralLike(inner.argumentExpression) || ts.isNumericLiteral(inner.argumentExpression))
  ) {
    const base = referenceKey(checker, inner.expression);
    return base ? `${base}.${inner.argumentExpression.text}` : undefined;
  }
  return undefined;
}

/** The key of a declared name (a parameter, a variable, a binding element). */
export function declarationKey(checker: ts.TypeChecker, name: ts.Identifier): string | undefined {
  const symbol = checker.getSymbolAtLocation(name);
  return symbol ? symbolKey(symbol) : undefined;
}
