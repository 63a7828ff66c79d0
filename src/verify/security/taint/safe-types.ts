import ts from 'typescript';
import type { Tainted } from './taint-value.js';

function isSafeType(checker: ts.TypeChecker, type: ts.Type, depth = 0): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  if (type.isUnion()) return type.types.every((member) => isSafeType(checker, member, depth));
  const safe =
    ts.TypeFlags.NumberLike |
    ts.TypeFlags.BooleanLike |
    ts.TypeFlags.BigIntLike |
    ts.TypeFlags.EnumLike |
    ts.TypeFlags.Undefined |
    ts.TypeFlags.Null |
    ts.TypeFlags.Void |
    ts.TypeFlags.Never |
    ts.TypeFlags.StringLiteral;
  if (type.flags & safe) return true;
  if (depth < 2 && checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    return element ? isSafeType(checker, element, depth + 1) : false;
  }
  return type.getSymbol()?.name === 'Date';
}

/** Drops taint from validated values whose static type cannot carry an injection (numbers, literal unions). */
export function byType(checker: ts.TypeChecker, node: ts.Expression, value: Tainted): Tainted {
  if (value.length === 0 || !value.some((taint) => taint.typed)) return value;
  if (!isSafeType(checker, checker.getTypeAtLocation(node))) return value;
  return value.filter((taint) => !taint.typed);
}
